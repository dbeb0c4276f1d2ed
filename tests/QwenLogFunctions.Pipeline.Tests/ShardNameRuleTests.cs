using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Pipeline.Tests;

/// <summary>The one rule deciding which names are shards, for analyze, ingest and the blob trigger alike.</summary>
public sealed class ShardNameRuleTests
{
    [Theory]
    [InlineData("a.jsonl", true)]
    [InlineData("logs/2025/01/a.JSONL.GZ", true)]
    [InlineData("b.ndjson", true)]
    [InlineData("B.NDJSON", true)]
    [InlineData("readme.txt", false)]
    [InlineData("a.jsonl.bak", false)]
    [InlineData("litellm/2025-01-01/call-1.json", true)]
    [InlineData("call-2.JSON.GZ", true)]
    [InlineData("a.json.bak", false)]
    public void Names_are_shards_by_their_extension_in_any_case(string name, bool shard) =>
        Assert.Equal(shard, ShardNameRule.IsShardName(name));

    [Fact]
    public void The_description_names_every_extension() =>
        Assert.Equal(".jsonl, .jsonl.gz, .ndjson, .json or .json.gz", ShardNameRule.Description);
}
