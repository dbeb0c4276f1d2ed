using System.Text.Json.Serialization;

namespace QwenLogFunctions.Core.Audit;

/// <summary>An audit sample: the rate and range it was drawn with, and the sampled requests.</summary>
/// <param name="Rate">Sampling rate in (0, 1].</param>
/// <param name="From">Start of the range (inclusive), when one was asked for.</param>
/// <param name="To">End of the range (exclusive), when one was asked for.</param>
/// <param name="RequestsConsidered">How many requests the sample was drawn from, when known.</param>
/// <param name="Items">The sampled requests, in the caller's order (normally by timestamp).</param>
public sealed record AuditSample(double Rate, DateTimeOffset? From, DateTimeOffset? To, long? RequestsConsidered, [property: JsonPropertyOrder(1)] IReadOnlyList<AuditSampleItem> Items)
{
    /// <summary>Number of sampled requests.</summary>
    public int Count => Items.Count;
}
