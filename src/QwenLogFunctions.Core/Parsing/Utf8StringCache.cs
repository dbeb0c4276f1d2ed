using System.Text;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Turns short UTF-8 values that repeat on almost every line (model, device) into strings without allocating
/// each time. Per worker, not thread-safe. Bounded: past <see cref="MaxEntries"/> distinct values it just allocates.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxEntries = 256;
    private readonly List<(byte[] Utf8, string Text)> _entries = [];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, text) in _entries)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return text;
            }
        }

        string value = Encoding.UTF8.GetString(utf8);
        if (_entries.Count < MaxEntries)
        {
            _entries.Add((utf8.ToArray(), value));
        }

        return value;
    }
}
