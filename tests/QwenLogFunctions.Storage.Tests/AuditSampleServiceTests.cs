using System.Text.Json;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

[Collection(AzuriteTests.CollectionName)]
public sealed class AuditSampleServiceTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);

    [Fact]
    public async Task Sample_is_exactly_the_requests_of_the_range_whose_id_hash_is_below_the_rate()
    {
        var harness = new StorageHarness(azurite);
        string a = SampleShard.Text(seed: 31, lines: 400), b = SampleShard.Text(seed: 32, lines: 300, startSeconds: SampleShard.BaseTime + 1800);
        await harness.IngestAsync("audit/a.jsonl", SampleShard.Bytes(a, gzip: false), "v1");
        await harness.IngestAsync("audit/b.jsonl.gz", SampleShard.Bytes(b, gzip: true), "v1");

        // The range cuts hours in the middle: only timestamps in [from, to) count.
        var from = From.AddMinutes(30);
        var to = From.AddMinutes(100);
        var sample = await harness.AuditSamples.SampleAsync(from, to, 0.2, CancellationToken.None);

        var inRange = Requests(a).Concat(Requests(b)).Where(r => r.Time >= from && r.Time < to).ToList();
        var sampler = new AuditSampler(0.2);
        var expected = inRange.Where(r => sampler.Includes(r.Id)).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(inRange.Count, sample.RequestsConsidered);
        Assert.Equal(expected, sample.Items.Select(i => i.RequestId).Order(StringComparer.Ordinal));
        Assert.InRange(sample.Count, inRange.Count / 10, inRange.Count * 3 / 10);
        Assert.Equal(sample.Items.OrderBy(i => i.Timestamp).ThenBy(i => i.Shard, StringComparer.Ordinal).ThenBy(i => i.Line), sample.Items);
        Assert.All(sample.Items, item => Assert.InRange(item.Timestamp, from, to.AddTicks(-1)));

        // Lower rate, same requests: a subset. Asked again: the same sample.
        var smaller = await harness.AuditSamples.SampleAsync(from, to, 0.05, CancellationToken.None);
        Assert.Subset(sample.Items.Select(i => i.RequestId).ToHashSet(StringComparer.Ordinal), smaller.Items.Select(i => i.RequestId).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(AuditSampleRenderer.RenderJson(sample), AuditSampleRenderer.RenderJson(await harness.AuditSamples.SampleAsync(from, to, 0.2, CancellationToken.None)));
    }

    [Fact]
    public async Task Items_carry_flags_location_and_redacted_previews()
    {
        var harness = new StorageHarness(azurite);
        string[] lines =
        [
            ArticleLogLines.Line("keep-1", From.AddMinutes(1), "请联系 test@example.com 或 13812345678"),
            ArticleLogLines.Line("keep-2", From.AddMinutes(2), ""),
        ];
        await harness.IngestAsync("previews.jsonl", ArticleLogLines.Bytes(lines), "v1");

        var sample = await harness.AuditSamples.SampleAsync(From, From.AddHours(1), 1, CancellationToken.None);

        Assert.Equal(2, sample.RequestsConsidered);
        var first = sample.Items[0];
        Assert.Equal(("keep-1", "previews.jsonl", 1L, "qwen2.5-7b-instruct", From.AddMinutes(1)), (first.RequestId, first.Shard, first.Line, first.Model, first.Timestamp));
        Assert.Contains("pii_email", first.Flags);
        Assert.DoesNotContain("test@example.com", first.OutputPreview, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", first.OutputPreview, StringComparison.Ordinal);
        Assert.Equal(["empty_response"], sample.Items[1].Flags.Where(f => f == "empty_response"));
    }

    [Fact]
    public async Task A_range_without_data_gives_an_empty_sample()
    {
        var harness = new StorageHarness(azurite);

        var sample = await harness.AuditSamples.SampleAsync(From.AddYears(-3), From.AddYears(-3).AddDays(2), 0.5, CancellationToken.None);

        Assert.Empty(sample.Items);
        Assert.Equal(0, sample.RequestsConsidered);
    }

    [Theory]
    [InlineData(0.0, 1, "greater than 0 and at most 1")]
    [InlineData(1.5, 1, "greater than 0 and at most 1")]
    [InlineData(0.01, -1, "must be before")]
    [InlineData(0.01, 24 * 94, "maximum of 93 days")]
    public async Task Bad_parameters_say_what_to_fix(double rate, int hours, string expected)
    {
        var harness = new StorageHarness(azurite);

        var error = await Assert.ThrowsAsync<QueryValidationException>(() => harness.AuditSamples.SampleAsync(From, From.AddHours(hours), rate, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Id, DateTimeOffset Time)> Requests(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                continue;
            }

            using (json)
            {
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                // The store keeps whole seconds, like the report.
                long seconds = (long)Math.Floor(json.RootElement.GetProperty("timestamp").GetDouble());
                yield return (json.RootElement.GetProperty("request_id").GetString()!, DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }
    }
}
