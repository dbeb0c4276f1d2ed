using System.Text.Json.Serialization;

namespace QwenLogFunctions.Core.Tests.Generation;

/// <summary>The figures bench/baselines/article_analysis.py prints: the article's own results for a file.</summary>
public sealed record ArticleFigures(
    [property: JsonPropertyName("total_requests")] long TotalRequests,
    [property: JsonPropertyName("avg_input_tokens")] double AvgInputTokens,
    [property: JsonPropertyName("avg_output_tokens")] double AvgOutputTokens,
    [property: JsonPropertyName("success_rate")] double SuccessRate,
    [property: JsonPropertyName("empty_response")] long EmptyResponse,
    [property: JsonPropertyName("contains_sensitive")] long ContainsSensitive,
    [property: JsonPropertyName("malformed_json")] long MalformedJson,
    [property: JsonPropertyName("jailbreak_attempt")] long JailbreakAttempt,
    [property: JsonPropertyName("p95_latency")] double P95Latency,
    [property: JsonPropertyName("avg_throughput")] double AvgThroughput);
