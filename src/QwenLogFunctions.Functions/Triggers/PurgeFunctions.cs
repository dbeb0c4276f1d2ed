using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Storage.Shards;

namespace QwenLogFunctions.Functions.Triggers;

/// <summary>
/// The background half of DELETE /api/shards/{name}: each message of the queue qwenlog-shard-purges moves one purge
/// on by a bounded step (<see cref="ShardPurgeService.HoursPerStep"/> hours) and enqueues the next step, so no run is
/// long and a run that dies is simply repeated (the ledger says what is left). The Aggregate timer re-enqueues purges
/// whose message was lost.
/// </summary>
public sealed class PurgeFunctions
{
    private readonly ShardPurgeService _purge;
    private readonly ShardPurgeMessages _queue;

    /// <summary>Creates the function.</summary>
    public PurgeFunctions(ShardPurgeService purge, ShardPurgeMessages queue)
    {
        _purge = purge;
        _queue = queue;
    }

    /// <summary>One purge step for the shard named by the message.</summary>
    [Function(nameof(PurgeShard))]
    public async Task PurgeShard([QueueTrigger(ShardPurgeMessages.Name)] string shardName, CancellationToken cancellationToken)
    {
        switch (await _purge.ContinueAsync(shardName, cancellationToken))
        {
            case PurgeStep.MoreToDo:
                await _queue.EnqueueAsync(shardName, null, cancellationToken);
                break;
            case PurgeStep.WaitingForIngestion:
                await _queue.EnqueueAsync(shardName, ShardPurgeService.WaitForIngestion, cancellationToken);
                break;
        }
    }
}
