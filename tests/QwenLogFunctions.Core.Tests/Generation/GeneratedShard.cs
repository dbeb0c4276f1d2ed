using System.Text;
using System.Text.Json;
using QwenLogFunctions.Generation;

namespace QwenLogFunctions.Core.Tests.Generation;

/// <summary>A shard generated in memory, split into lines, for the generator tests.</summary>
internal sealed class GeneratedShard
{
    private GeneratedShard(byte[] bytes, GenerationSummary summary)
    {
        Bytes = bytes;
        Summary = summary;
        // Strict decoding: a generated file must be valid UTF-8 whatever its damaged lines look like.
        Text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Lines = Text.Split('\n');
        Assert.Equal(string.Empty, Lines[^1]);
        Lines = Lines[..^1];
    }

    public byte[] Bytes { get; }

    public string Text { get; }

    /// <summary>Lines without their LF (a CRLF line keeps its CR).</summary>
    public string[] Lines { get; }

    public GenerationSummary Summary { get; }

    public static GeneratedShard Create(GeneratorOptions options, int lines)
    {
        using var stream = new MemoryStream();
        GenerationSummary summary = new SampleLogGenerator(options).Write(stream, lines);
        return new GeneratedShard(stream.ToArray(), summary);
    }

    /// <summary>Every line parsed; fails the test on the first line that is not JSON.</summary>
    public IEnumerable<JsonElement> Records()
    {
        foreach (string line in Lines)
        {
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.Clone();
        }
    }
}
