using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// The pipeline's tables, by role, under one name prefix. Monthly tables (requests and flag index, rejects) are
/// created on first use so retention can drop a whole month at once; the others are created once.
/// Thread-safe; one instance per storage account and prefix.
/// </summary>
public sealed class QwenTables
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.Ordinal);

    /// <summary>Creates the table set.</summary>
    /// <param name="service">The storage account's table service.</param>
    /// <param name="tablePrefix">Prefix of every table name (letters and digits).</param>
    public QwenTables(TableServiceClient service, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrEmpty(tablePrefix);
        Service = service;
        Prefix = tablePrefix;
    }

    /// <summary>The table service.</summary>
    public TableServiceClient Service { get; }

    /// <summary>The name prefix.</summary>
    public string Prefix { get; }

    /// <summary>Name prefix of the monthly request tables ({prefix}req{yyyyMM}).</summary>
    public string RequestsTablePrefix => Prefix + "req";

    /// <summary>Name prefix of the monthly rejects tables ({prefix}rej{yyyyMM}).</summary>
    public string RejectsTablePrefix => Prefix + "rej";

    /// <summary>Shard ledger: one row per shard.</summary>
    public TableClient Shards => Service.GetTableClient(Prefix + "shards");

    /// <summary>Per-shard, per-hour partial statistics.</summary>
    public TableClient Partials => Service.GetTableClient(Prefix + "partials");

    /// <summary>Merged hourly statistics per model and device.</summary>
    public TableClient Hourly => Service.GetTableClient(Prefix + "hourly");

    /// <summary>Hours whose partials changed since the last aggregation.</summary>
    public TableClient Dirty => Service.GetTableClient(Prefix + "dirty");

    /// <summary>Content claims: which shard counts a given content (SHA-256 of its bytes); see ContentClaims.</summary>
    public TableClient Contents => Service.GetTableClient(Prefix + "contents");

    /// <summary>The request table of a month (yyyyMM): request rows and the flag index.</summary>
    public TableClient Requests(string month) => Service.GetTableClient(RequestsTablePrefix + month);

    /// <summary>The rejects table of a month (yyyyMM, the month the shard was ingested).</summary>
    public TableClient Rejects(string month) => Service.GetTableClient(RejectsTablePrefix + month);

    /// <summary>A table by name.</summary>
    public TableClient Table(string name) => Service.GetTableClient(name);

    /// <summary>Creates the fixed tables if missing.</summary>
    public Task EnsureFixedTablesAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(EnsureAsync(Shards, cancellationToken), EnsureAsync(Partials, cancellationToken),
            EnsureAsync(Hourly, cancellationToken), EnsureAsync(Dirty, cancellationToken), EnsureAsync(Contents, cancellationToken));

    /// <summary>Creates a table if missing, once per process (later calls reuse the first call's task).</summary>
    public async Task EnsureAsync(TableClient table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lazy = _created.GetOrAdd(table.Name, _ => new Lazy<Task>(() => CreateIfMissingAsync(Service, table.Name, CancellationToken.None)));
        try
        {
            await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (RequestFailedException)
        {
            // A failed creation (e.g. a table still being deleted) must be retried by the next caller.
            _created.TryRemove(new KeyValuePair<string, Lazy<Task>>(table.Name, lazy));
            throw;
        }
    }

    /// <summary>Creates the table unless it exists; other refusals (a table still being deleted) are thrown.</summary>
    /// <remarks>
    /// Not the SDK's CreateIfNotExistsAsync (table or service): both serialize their request by reflection, which the
    /// native qwenlog binary does not have (it failed there with "reflection-based serialization has been disabled").
    /// CreateTableAsync writes the same request with generated code. The table is looked up first, so the usual case
    /// (it exists) answers 200, not a 409 the SDK would log as an error response at every start; a creator racing this
    /// one still makes it a 409 TableAlreadyExists, which means the same.
    /// </remarks>
    public static async Task CreateIfMissingAsync(TableServiceClient service, string tableName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        await foreach (var _ in service.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName eq {tableName}"), maxPerPage: 1, cancellationToken))
        {
            return;
        }

        try
        {
            await service.CreateTableAsync(tableName, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == "TableAlreadyExists")
        {
            // Exists: nothing to do.
        }
    }

    /// <summary>Forgets that a table exists (after dropping it), so the next writer creates it again.</summary>
    public void Forget(string tableName) => _created.TryRemove(tableName, out _);

    /// <summary>Forgets the fixed tables, so the next <see cref="EnsureFixedTablesAsync"/> creates any that disappeared.</summary>
    public void ForgetFixedTables()
    {
        foreach (var table in new[] { Shards, Partials, Hourly, Dirty, Contents })
        {
            Forget(table.Name);
        }
    }

    /// <summary>Whether a failure says the table itself does not exist (404 TableNotFound), not a missing row.</summary>
    public static bool IsTableNotFound(RequestFailedException exception) =>
        exception is { Status: 404 } && string.Equals(exception.ErrorCode, "TableNotFound", StringComparison.Ordinal);

    /// <summary>
    /// Runs a write; when the table has disappeared since this process created it (retention on another instance, an
    /// operator), forgets the "already created" mark, creates the table again and retries once. A second failure
    /// (e.g. 409 TableBeingDeleted while Azure finishes the drop) surfaces, and the trigger's retry tries again later.
    /// </summary>
    public async Task<T> WriteAsync<T>(TableClient table, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            return await write(cancellationToken);
        }
        catch (RequestFailedException ex) when (IsTableNotFound(ex))
        {
            Forget(table.Name);
            await EnsureAsync(table, cancellationToken);
            return await write(cancellationToken);
        }
    }

    /// <summary><see cref="WriteAsync{T}"/> for writes without a result.</summary>
    public Task WriteAsync(TableClient table, Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(table, async ct =>
        {
            await write(ct);
            return true;
        }, cancellationToken);
}
