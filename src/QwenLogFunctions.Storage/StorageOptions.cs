namespace QwenLogFunctions.Storage;

/// <summary>
/// Settings of the pipeline's storage layout, bound from the configuration section "QwenLogs"
/// (app settings <c>QwenLogs__LogsContainer</c>, <c>QwenLogs__TablePrefix</c>, ...; see AppSettingNames).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "QwenLogs";

    /// <summary>Blob container the Ingest trigger watches.</summary>
    public string LogsContainer { get; set; } = "qwen-logs";

    /// <summary>Prefix of every table name: letters and digits, starting with a letter, at most 20 characters.</summary>
    public string TablePrefix { get; set; } = "qwen";

    /// <summary>Days request rows and rejects are kept; whole monthly tables older than this are dropped. 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Longest range GET /api/report accepts, in days.</summary>
    public int MaxReportRangeDays { get; set; } = 93;

    /// <summary>
    /// Record a shard whose bytes equal an already-ingested shard's as a duplicate of it and count nothing of it
    /// (QwenLogs__DetectDuplicateShards, default true). False counts every name, copies included.
    /// </summary>
    public bool DetectDuplicateShards { get; set; } = true;

    /// <summary>Transaction batches in flight at once during ingestion (each up to 100 rows of one partition).</summary>
    public int MaxBatchesInFlight { get; set; } = 8;

    /// <summary>Most blobs one Reconcile run ingests (QwenLogs__ReconcileMaxBlobsPerRun); the rest wait for the next run.</summary>
    public int ReconcileMaxBlobsPerRun { get; set; } = 50;

    /// <summary>Input dialect of every shard ingested: "auto" (detect per shard), article, litellm, otlp or openai-batch.</summary>
    public string Dialect { get; set; } = Core.Records.LogDialectNames.Auto;

    /// <summary>Price per GPU-hour by device: "DEVICE=PRICE" items separated by ';', "*=PRICE" for every other device (empty: no cost figures).</summary>
    public string GpuPrices { get; set; } = string.Empty;

    /// <summary>Currency code of <see cref="GpuPrices"/> (e.g. USD, CNY).</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>GPUs are paid for every hour of a report's range, not only the hours in which they served.</summary>
    public bool GpuAlwaysOn { get; set; }

    /// <summary>What a line's timestamp marks (the end of the response, or the start of the request) for GPU busy time.</summary>
    public Core.Parsing.LineTimestamp LineTimestamp { get; set; } = Core.Parsing.LineTimestamp.End;

    /// <summary>
    /// Share (0–1] of the unremarkable request rows kept at ingestion; rows with a flag, at ERROR level or slower than
    /// <see cref="RowKeepSlowerThanMs"/> are always kept. Statistics, flags and alerts count every line regardless.
    /// </summary>
    public double RowSampleRate { get; set; } = 1.0;

    /// <summary>Requests with total latency above this (ms) are always kept as rows; 0 disables the latency rule.</summary>
    public double RowKeepSlowerThanMs { get; set; }

    /// <summary>The GPU cost options these settings describe.</summary>
    /// <exception cref="InvalidOperationException">The prices do not parse (the validator reports this at start-up).</exception>
    public Core.Cost.GpuCostOptions GpuCost() =>
        Core.Cost.GpuCostOptions.ParseSetting(GpuPrices, Currency, GpuAlwaysOn, out string? error)
        ?? throw new InvalidOperationException($"QwenLogs__GpuPrices: {error}");
}
