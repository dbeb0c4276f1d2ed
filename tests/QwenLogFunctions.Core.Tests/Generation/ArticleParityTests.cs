using QwenLogFunctions.Generation;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Generation;

/// <summary>The article's script on our generated shards: the reference our analyzer's figures are compared with.</summary>
public sealed class ArticleParityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qwenlog-article-").FullName;

    [Fact]
    public void The_article_script_reads_a_generated_shard_and_agrees_with_what_was_planted()
    {
        string path = Path.Combine(_directory, "shard.jsonl");
        GenerationSummary summary = new SampleLogGenerator(new GeneratorOptions { Seed = 42, Hours = 6 }).WriteFile(path, 3000);

        ArticleFigures figures = ArticleScript.Run(path);

        Assert.Equal(3000, figures.TotalRequests);
        Assert.Equal(summary.Outputs[OutputScenario.EmptyOutput] + summary.Outputs[OutputScenario.Error], figures.EmptyResponse);
        Assert.Equal(summary.Outputs[OutputScenario.MalformedJson], figures.MalformedJson);
        Assert.Equal(summary.Outputs[OutputScenario.Jailbreak], figures.JailbreakAttempt);
        Assert.True(figures.ContainsSensitive >= summary.Outputs[OutputScenario.SensitiveWord]);
        Assert.Equal(1.0 - (figures.EmptyResponse / 3000.0), figures.SuccessRate, 12);
        Assert.True(figures.P95Latency > 0 && figures.AvgThroughput > 0);
    }

    [Theory]
    [InlineData(42, 20_000, 0)]
    [InlineData(7, 5_000, 2300)]
    public void Our_figures_equal_the_article_scripts_on_the_same_shard(int seed, int lines, int averageBytes)
    {
        string path = Path.Combine(_directory, $"parity-{seed}.jsonl");
        new SampleLogGenerator(new GeneratorOptions { Seed = seed, Hours = 12, TargetAverageLineBytes = averageBytes }).WriteFile(path, lines);

        ArticleFigures article = ArticleScript.Run(path);
        var report = new ShardAnalyzer(new AnalyzerOptions { Parallelism = 2 })
            .Analyze([ShardSource.FromFile(path)], exactPercentiles: true)
            .Build();

        Assert.Equal(article.TotalRequests, report.Summary.TotalRequests);
        Assert.Equal(article.AvgInputTokens, report.Summary.AvgPromptTokens);
        Assert.Equal(article.AvgOutputTokens, report.Summary.AvgCompletionTokens);
        Assert.Equal(article.SuccessRate, report.Summary.SuccessRate);
        Assert.Equal(article.EmptyResponse, report.Flags["empty_response"]);
        Assert.Equal(article.ContainsSensitive, report.Flags["contains_sensitive"]);
        Assert.Equal(article.MalformedJson, report.Flags["malformed_json"]);
        Assert.Equal(article.JailbreakAttempt, report.Flags["jailbreak_attempt"]);
        Assert.Equal(article.P95Latency, report.Summary.LatencyMs.P95);

        // Same summation order; Python 3.12+ compensates float sums, so allow for the last bits.
        Assert.Equal(article.AvgThroughput, report.Summary.ThroughputTps.Mean!.Value, article.AvgThroughput * 1e-12);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
