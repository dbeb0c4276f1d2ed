using System.Globalization;
using Azure.Data.Tables;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// The row of one accepted request (and its copies in the flag index): every field of <see cref="RequestRecord"/>
/// except full texts, which stay in the shard at (Shard, Line). Strings are clipped to the 32K-character limit.
/// </summary>
internal static class RequestEntities
{
    /// <summary>Number of partitions one hour's rows are spread over.</summary>
    public const int BucketCount = 16;

    /// <summary>Lines of a shard that go to the same bucket in a row, so batches fill quickly.</summary>
    public const int LinesPerBucketRun = 100;

    /// <summary>Longest string stored in one property.</summary>
    public const int MaxStringChars = 32_000;

    /// <summary>Partition of a request row: the hour and a bucket chosen from the shard and line.</summary>
    public static string RequestPartition(string hourKey, string shardKey, long lineNumber)
    {
        // The shard key is hex, so its first 8 digits are a well-spread number; runs of 100 lines rotate over the
        // buckets so one big shard of one hour lands on all 16 partitions, and many shards of one hour do too.
        uint shardHash = uint.Parse(shardKey.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        long bucket = (shardHash + (lineNumber / LinesPerBucketRun)) % BucketCount;
        return hourKey + "b" + bucket.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>First request partition key of an hour (inclusive).</summary>
    public static string RequestPartitionStart(string hourKey) => hourKey + "b";

    /// <summary>End of an hour's request partitions (exclusive).</summary>
    public static string RequestPartitionEnd(string hourKey) => hourKey + "c";

    /// <summary>Partition of an hour's flag index for one flag.</summary>
    public static string FlagPartition(string hourKey, string flagName) => hourKey + "f" + flagName;

    /// <summary>First flag-index partition key of an hour (inclusive).</summary>
    public static string FlagPartitionStart(string hourKey) => hourKey + "f";

    /// <summary>End of an hour's flag-index partitions (exclusive).</summary>
    public static string FlagPartitionEnd(string hourKey) => hourKey + "g";

    /// <summary>The row of a request.</summary>
    public static TableEntity ToEntity(RequestRecord record, string partitionKey, string rowKey)
    {
        var m = record.Metrics;
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [TableSchema.Shard] = Clip(record.Shard),
            [TableSchema.Line] = record.LineNumber,
            [TableSchema.RequestId] = Clip(record.RequestId),
            ["RequestIdLength"] = record.RequestId.Length,
            ["RequestIdSynthesized"] = record.RequestIdSynthesized,
            ["Level"] = Clip(record.Level),
            [TableSchema.RequestTime] = DateTimeOffset.FromUnixTimeSeconds(m.TimestampSeconds),
            [TableSchema.Model] = Clip(m.Model),
            [TableSchema.Device] = Clip(m.Device),
            ["PromptTokens"] = m.PromptTokens,
            ["CompletionTokens"] = m.CompletionTokens,
            ["TotalTokens"] = record.TotalTokens,
            ["Success"] = m.Success,
            ["ErrorLevel"] = m.IsErrorLevel,
            ["Flags"] = (long)m.Flags,
            [TableSchema.FlagNames] = string.Join(',', FlagNames.NamesOf(m.Flags)),

            // A separate column so existing readers of FlagNames see exactly what they saw before.
            ["FlagCategories"] = string.Join(',', record.FlagCategories),
            ["JsonMode"] = record.JsonMode,
            ["FunctionCalling"] = record.FunctionCalling,
            ["InputLength"] = record.InputLength,
            ["OutputLength"] = record.OutputLength,
            ["InputSha256"] = record.InputSha256,
            ["OutputSha256"] = record.OutputSha256,
            [TableSchema.InputPreview] = Clip(record.InputPreview),
            [TableSchema.OutputPreview] = Clip(record.OutputPreview),
        };
        SetFinite(entity, "TotalLatencyMs", m.TotalLatencyMs);
        SetFinite(entity, "FirstTokenLatencyMs", m.FirstTokenLatencyMs);
        if (m.Dialect != LogDialect.Article)
        {
            entity["Dialect"] = LogDialectNames.NameOf(m.Dialect);
            entity["SpanIndex"] = record.RecordIndex;
        }

        SetFinite(entity, "Temperature", record.Temperature);
        SetFinite(entity, "QueueTimeMs", record.QueueTimeMs);
        SetFinite(entity, "MeanInterTokenLatencyMs", record.MeanInterTokenLatencyMs);
        SetFinite(entity, "ReportedTokensPerSecond", record.ReportedTokensPerSecond);
        SetFinite(entity, "GpuMemoryMb", record.GpuMemoryMb);
        if (record.FinishReason is not null)
        {
            entity["FinishReason"] = Clip(record.FinishReason);
        }

        return entity;
    }

    /// <summary>A copy of a request row under another partition (the flag index).</summary>
    public static TableEntity CopyTo(TableEntity row, string partitionKey)
    {
        var copy = new TableEntity(row) { PartitionKey = partitionKey };
        return copy;
    }

    /// <summary>The row of a rejected line.</summary>
    public static TableEntity RejectEntity(string shardKey, string shard, long line, string reason, string snippet) =>
        new(shardKey, line.ToString("D10", CultureInfo.InvariantCulture))
        {
            [TableSchema.Shard] = Clip(shard),
            [TableSchema.Line] = line,
            ["Reason"] = Clip(reason),
            ["Snippet"] = Clip(snippet),
        };

    /// <summary>Clips a string to the per-property limit (previews are already short; request ids can be long).</summary>
    public static string Clip(string value, int maxChars = MaxStringChars)
    {
        if (value.Length <= maxChars)
        {
            return value;
        }

        // Never cut a surrogate pair in half: a lone surrogate is not valid UTF-16 on the wire.
        int length = char.IsHighSurrogate(value[maxChars - 1]) ? maxChars - 1 : maxChars;
        return value[..length];
    }

    private static void SetFinite(TableEntity entity, string name, double? value)
    {
        // JSON has no NaN or Infinity, and an absent measure is better absent than zero.
        if (value is { } v && double.IsFinite(v))
        {
            entity[name] = v;
        }
    }
}
