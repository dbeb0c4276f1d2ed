using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Audit;

/// <summary>One request picked for human review: where it is, what was flagged, and the (redacted) start of its texts.</summary>
/// <param name="RequestId">request_id as logged (or synthesized "{shard}#L{line}").</param>
/// <param name="Timestamp">When the request was logged, UTC.</param>
/// <param name="Model">Model name.</param>
/// <param name="Shard">Shard (blob or file) the line is in.</param>
/// <param name="Line">1-based line number in the shard, to find the full texts.</param>
/// <param name="Flags">Names of the flags raised, in <see cref="FlagNames.AllNames"/> order; empty when none.</param>
/// <param name="InputPreview">Start of the input, PII and secrets masked.</param>
/// <param name="OutputPreview">Start of the output, PII and secrets masked.</param>
public sealed record AuditSampleItem(
    string RequestId,
    DateTimeOffset Timestamp,
    string Model,
    string Shard,
    long Line,
    IReadOnlyList<string> Flags,
    string InputPreview,
    string OutputPreview)
{
    /// <summary>The audit view of a stored request record.</summary>
    public static AuditSampleItem FromRecord(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditSampleItem(
            record.RequestId,
            DateTimeOffset.FromUnixTimeSeconds(record.Metrics.TimestampSeconds),
            record.Metrics.Model,
            record.Shard,
            record.LineNumber,
            [.. FlagNames.NamesOf(record.Metrics.Flags)],
            record.InputPreview,
            record.OutputPreview);
    }
}
