using Azure.Storage.Queues;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// The queue that carries purge work to the PurgeShard function (one message = "continue purging this shard name").
/// A message only says where to look: the ledger holds the state, so a message lost, duplicated or read late does no
/// harm (the Aggregate timer re-enqueues purges that stopped moving).
/// </summary>
public sealed class ShardPurgeMessages
{
    /// <summary>The queue's name in the AzureWebJobsStorage account (the PurgeShard trigger reads it).</summary>
    public const string Name = "qwenlog-shard-purges";

    private readonly QueueClient _queue;
    private int _created;

    /// <summary>Creates the queue client wrapper; <paramref name="queue"/> must encode messages as base64, as the trigger reads them.</summary>
    public ShardPurgeMessages(QueueClient queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
    }

    /// <summary>Asks the worker to continue the purge of <paramref name="shardName"/>, after <paramref name="delay"/> when given.</summary>
    public async Task EnqueueAsync(string shardName, TimeSpan? delay, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _created, 1) == 0)
        {
            try
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch
            {
                // Let the next caller try to create it again.
                Volatile.Write(ref _created, 0);
                throw;
            }
        }

        await _queue.SendMessageAsync(shardName, visibilityTimeout: delay, cancellationToken: cancellationToken);
    }
}
