using System.IO.Compression;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-generate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Reproduces_the_committed_sample_byte_for_byte()
    {
        string path = Path.Combine(_folder, "sample.jsonl");
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync(
            "generate", "--lines", "2000", "--out", path, "--seed", "42", "--hours", "6", "--start", "2025-01-01T00:00:00Z", "--broken-share", "0.005");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        Assert.StartsWith("generated 2,000 lines", stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Trim().Split('\n'));
        Assert.Equal(await File.ReadAllBytesAsync(RepositoryPaths.Combine("samples", "qwen-sample.jsonl")), await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Shards_are_deterministic_split_the_lines_and_differ_from_each_other()
    {
        string first = Path.Combine(_folder, "a", "logs.jsonl"), second = Path.Combine(_folder, "b", "logs.jsonl");
        foreach (string output in new[] { first, second })
        {
            var (exit, _, stderr) = await QwenlogProcess.RunAsync("generate", "--lines", "301", "--shards", "3", "--gzip", "--seed", "7", "--out", output, "--hours", "2");
            Assert.Equal(0, exit);
            Assert.Equal(string.Empty, stderr);
        }

        var names = Directory.GetFiles(Path.GetDirectoryName(first)!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["logs-0001.jsonl.gz", "logs-0002.jsonl.gz", "logs-0003.jsonl.gz"], names);
        var texts = new List<string>();
        foreach (string? name in names)
        {
            byte[] a = await File.ReadAllBytesAsync(Path.Combine(_folder, "a", name!));
            Assert.Equal(a, await File.ReadAllBytesAsync(Path.Combine(_folder, "b", name!)));
            Assert.Equal(new byte[] { 0x1f, 0x8b }, a[..2]);
            using var reader = new StreamReader(new GZipStream(new MemoryStream(a), CompressionMode.Decompress));
            texts.Add(await reader.ReadToEndAsync());
        }

        // 301 = 101 + 100 + 100, and each shard has its own seed.
        Assert.Equal([101, 100, 100], texts.Select(text => text.Count(c => c == '\n')).ToArray());
        Assert.Equal(3, texts.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Invalid_options_fail_with_one_line()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync("generate", "--lines", "10", "--out", Path.Combine(_folder, "x.jsonl"), "--broken-share", "1.5");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("qwenlog: error: --broken-share must be a share between 0 and 1 (was 1.5) (see qwenlog --help)", stderr.Trim());

        (exit, _, stderr) = await QwenlogProcess.RunAsync("generate", "--out", Path.Combine(_folder, "x.jsonl"));
        Assert.Equal(2, exit);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains("--lines", stderr, StringComparison.Ordinal);
    }
}
