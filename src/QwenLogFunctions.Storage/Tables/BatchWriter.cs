using Azure;
using Azure.Data.Tables;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// Groups entity operations by (table, partition) into transactions of up to 100 and submits them with a bounded
/// number in flight, so ingestion keeps the store busy without unbounded memory. The first failure surfaces on the
/// next <see cref="AddAsync(TableClient, ITableEntity)"/> or on <see cref="FlushAsync"/>.
/// Rows waiting for their partition's batch to fill are bounded too (<see cref="DefaultMaxPendingActions"/>): a long
/// shard leaves a partial batch in every (hour, bucket) and (hour, flag) partition it passed through, and keeping those
/// to the end made a worker's memory grow with the shard; past the bound the least recently used partitions are sent
/// as they are (a smaller transaction, the same rows).
/// A table that has disappeared is created again (and the batch retried once) for writes; a batch of deletes on a
/// missing table is done: nothing is left there to delete.
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    /// <summary>Azure's limit of operations per transaction.</summary>
    public const int MaxBatchSize = 100;

    private readonly Dictionary<(string Table, string Partition), Pending> _pending = [];
    private readonly SemaphoreSlim _slots;
    private readonly List<Task> _inFlight = [];
    private readonly CancellationToken _cancellationToken;
    private readonly QwenTables _tables;
    private readonly int _maxPendingActions;
    private int _pendingActions;
    private long _touches;

    /// <summary>Default bound on queued rows: 50 full batches, a few MB of entities.</summary>
    public const int DefaultMaxPendingActions = 5_000;

    public BatchWriter(QwenTables tables, int maxInFlight, CancellationToken cancellationToken, int maxPendingActions = DefaultMaxPendingActions)
    {
        _tables = tables;
        _maxPendingActions = Math.Max(maxPendingActions, MaxBatchSize);
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        _cancellationToken = cancellationToken;
    }

    /// <summary>Rows queued in batches not yet sent.</summary>
    public int PendingActions => _pendingActions;

    /// <summary>Rows written so far (completed transactions).</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    /// <summary>Queues an upsert (replace) of <paramref name="entity"/>.</summary>
    public Task AddAsync(TableClient table, ITableEntity entity) =>
        AddAsync(table, entity.PartitionKey, new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));

    /// <summary>Queues a delete (any ETag) of <paramref name="entity"/>.</summary>
    public Task DeleteAsync(TableClient table, ITableEntity entity) =>
        AddAsync(table, entity.PartitionKey, new TableTransactionAction(TableTransactionActionType.Delete, entity, Azure.ETag.All));

    /// <summary>Submits every partial batch and waits for all transactions.</summary>
    public async Task FlushAsync()
    {
        foreach (var pending in _pending.Values.Where(p => p.Actions.Count > 0).ToList())
        {
            await SubmitAsync(pending);
        }

        await Task.WhenAll(_inFlight);
        _inFlight.Clear();
    }

    private async Task AddAsync(TableClient table, string partitionKey, TableTransactionAction action)
    {
        var key = (table.Name, partitionKey);
        if (!_pending.TryGetValue(key, out var pending))
        {
            pending = new Pending(table);
            _pending[key] = pending;
        }

        pending.Actions.Add(action);
        pending.LastTouched = ++_touches;
        _pendingActions++;
        if (pending.Actions.Count >= MaxBatchSize)
        {
            await SubmitAsync(pending);
            _pending.Remove(key);
        }
        else if (_pendingActions > _maxPendingActions)
        {
            await SubmitLeastRecentAsync();
        }
    }

    /// <summary>Sends the partial batches of the partitions touched longest ago until half the bound is left.</summary>
    private async Task SubmitLeastRecentAsync()
    {
        foreach (var (key, pending) in _pending.OrderBy(pair => pair.Value.LastTouched).ToList())
        {
            if (_pendingActions <= _maxPendingActions / 2)
            {
                break;
            }

            await SubmitAsync(pending);
            _pending.Remove(key);
        }
    }

    private async Task SubmitAsync(Pending pending)
    {
        ThrowIfAnyFailed();
        await _slots.WaitAsync(_cancellationToken);
        var actions = pending.Actions.ToList();
        pending.Actions.Clear();
        _pendingActions -= actions.Count;
        _inFlight.Add(Task.Run(
            async () =>
            {
                try
                {
                    await SubmitAsync(pending.Table, actions);
                    Interlocked.Add(ref _written, actions.Count);
                }
                finally
                {
                    _slots.Release();
                }
            },
            CancellationToken.None));
        _inFlight.RemoveAll(task => task.IsCompletedSuccessfully);
    }

    private async Task SubmitAsync(TableClient table, List<TableTransactionAction> actions)
    {
        if (actions.TrueForAll(action => action.ActionType == TableTransactionActionType.Delete))
        {
            try
            {
                await table.SubmitTransactionAsync(actions, _cancellationToken);
            }
            catch (RequestFailedException ex) when (QwenTables.IsTableNotFound(ex))
            {
                // Dropped (retention, an operator) while we deleted from it: what we meant to delete is gone with it.
            }

            return;
        }

        await _tables.WriteAsync(table, ct => table.SubmitTransactionAsync(actions, ct), _cancellationToken);
    }

    private void ThrowIfAnyFailed()
    {
        foreach (var task in _inFlight)
        {
            if (task.IsFaulted || task.IsCanceled)
            {
                task.GetAwaiter().GetResult();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private sealed class Pending(TableClient table)
    {
        public TableClient Table { get; } = table;

        public List<TableTransactionAction> Actions { get; } = [];

        public long LastTouched { get; set; }
    }
}
