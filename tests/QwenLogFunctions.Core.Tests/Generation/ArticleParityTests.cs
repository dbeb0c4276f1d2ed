using QwenLogFunctions.Core.Generation;

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

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
