using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Tests;

public sealed class KeyEncodingTests
{
    private static readonly string[] Tricky =
    [
        "", "a", "a/b", "a%2Fb", "a%002Fb", "a#b", "a?b", "a\\b", "a|b", "tab\t", "\u0000", "\u007f\u009f", "中文", "\ud83d\ude00", "\ud83d", "x\ude00",
        new string('/', 60), new string('a', 200), new string('a', 201), new string('a', 5000), new string('a', 5001),
    ];

    [Fact]
    public void Escaped_values_are_distinct_and_free_of_characters_keys_refuse()
    {
        var escaped = Tricky.Select(KeyEncoding.Escape).ToList();

        Assert.Equal(Tricky.Length, escaped.Distinct(StringComparer.Ordinal).Count());
        foreach (var key in escaped)
        {
            Assert.True(key.Length <= KeyEncoding.MaxEscapedLength + 2 || key.StartsWith("%h", StringComparison.Ordinal));
            Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c));
            for (int i = 0; i < key.Length; i++)
            {
                if (char.IsHighSurrogate(key[i]))
                {
                    Assert.True(i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]), $"lone high surrogate in {key}");
                    i++;
                }
                else
                {
                    Assert.False(char.IsLowSurrogate(key[i]), $"lone low surrogate in {key}");
                }
            }
        }
    }

    [Fact]
    public void Short_values_escape_readably_and_long_ones_become_a_hash_form_escapes_never_produce()
    {
        Assert.Equal("qwen2.5-7b", KeyEncoding.Escape("qwen2.5-7b"));
        Assert.Equal("a%002Fb%0025", KeyEncoding.Escape("a/b%"));
        Assert.StartsWith("%h", KeyEncoding.Escape(new string('a', 500)), StringComparison.Ordinal);
    }

    [Fact]
    public void Hour_keys_sort_like_time_and_round_trip()
    {
        var hour = new DateTimeOffset(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal("2025011509", KeyEncoding.HourKey(hour.AddMinutes(59)));
        Assert.Equal(hour, KeyEncoding.ParseHourKey(KeyEncoding.HourKey(hour)));
        Assert.True(string.CompareOrdinal(KeyEncoding.HourKey(hour), KeyEncoding.HourKey(hour.AddHours(1))) < 0);
        Assert.Equal(KeyEncoding.ShardKeyLength, KeyEncoding.ShardKey("any/blob name.jsonl").Length);
    }
}
