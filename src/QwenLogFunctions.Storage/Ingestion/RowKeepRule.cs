using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Storage.Ingestion;

/// <summary>
/// Which accepted requests get a table row (QwenLogs__RowSampleRate, QwenLogs__RowKeepSlowerThanMs): every request
/// with a flag, at ERROR level or slower than the latency limit, and otherwise a deterministic share chosen by the
/// audit sample's rule on request_id (<see cref="AuditSampler"/>). Because it is the same rule, an audit sample at a
/// rate at or below the row share finds every request it would pick among the kept rows.
/// </summary>
internal sealed class RowKeepRule
{
    private readonly AuditSampler? _sampler;
    private readonly double _keepSlowerThanMs;

    public RowKeepRule(double sampleRate, double keepSlowerThanMs)
    {
        _sampler = sampleRate >= 1 ? null : new AuditSampler(sampleRate);
        _keepSlowerThanMs = keepSlowerThanMs;
    }

    /// <summary>Whether <paramref name="record"/> gets its row.</summary>
    public bool Keeps(RequestRecord record) =>
        _sampler is null
        || record.Metrics.Flags != RequestFlags.None
        || record.Metrics.IsErrorLevel
        || (_keepSlowerThanMs > 0 && record.Metrics.TotalLatencyMs > _keepSlowerThanMs)
        || _sampler.Includes(record.RequestId);
}
