namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The UTF-16 decoding of one JSON string, written while <see cref="JsonLineScanner.ReadDecodingString"/> scans it: runs
/// of UTF-8 between escapes are transcoded straight from the line, each escape written as its character.
/// </summary>
/// <remarks>
/// The same characters as unescaping to UTF-8 and then transcoding (<see cref="JsonStringDecoder"/>, which the
/// property tests compare it with): a \u escape of a high surrogate followed at once by a \u escape of a low one is
/// one character; any other surrogate escape is U+FFFD. Invalid UTF-8 anywhere in the string sets
/// <see cref="IsValidUtf8"/> to false (an escape yields a whole character, so it can neither complete nor break a
/// UTF-8 sequence around it).
/// </remarks>
internal ref struct Utf16Text
{
    private char[] _chars;
    private int _length;
    private char _pendingHigh; // a high surrogate from a \u escape, waiting for its low half

    /// <summary>Decodes into <paramref name="chars"/>, grown as needed (the caller keeps the larger array).</summary>
    public Utf16Text(char[] chars)
    {
        _chars = chars;
        IsActive = true;
        IsValidUtf8 = true;
    }

    /// <summary>Whether this decodes at all (the default instance does not).</summary>
    public bool IsActive { get; }

    /// <summary>False once a run of the string was not valid UTF-8.</summary>
    public bool IsValidUtf8 { get; private set; }

    /// <summary>The buffer holding the characters (it may have been replaced by a larger one).</summary>
    public readonly char[] Buffer => _chars;

    /// <summary>The decoded characters.</summary>
    public readonly ReadOnlySpan<char> Chars => _chars.AsSpan(0, _length);

    /// <summary>Starts a string of at most <paramref name="maxBytes"/> bytes (never more characters than bytes).</summary>
    public void Begin(int maxBytes)
    {
        if (_chars.Length < maxBytes)
        {
            _chars = new char[Math.Max(maxBytes, _chars.Length * 2)];
        }

        _length = 0;
        _pendingHigh = '\0';
        IsValidUtf8 = true;
    }

    /// <summary>
    /// Transcodes <paramref name="rest"/> (the line from inside the string), with its one-character escapes, up to the
    /// string's next quote, control character or other backslash (a \u escape, or one the caller must refuse), and
    /// returns that character's index (-1: none). Sets <paramref name="escaped"/> when it decoded an escape.
    /// </summary>
    public int AppendToStop(ReadOnlySpan<byte> rest, ref bool escaped)
    {
        if (rest.IsEmpty)
        {
            return -1;
        }

        // An empty run: a high surrogate escape before it may still pair with a low one after it. A backslash goes on to
        // the transcoder otherwise, which decodes the escapes it can (text written with ensure_ascii is escapes one
        // after another: returning each to the scanner cost a third of the analysis time of such a file).
        if (rest[0] is (byte)'"' or < 0x20 || (rest[0] == (byte)'\\' && _pendingHigh != '\0'))
        {
            return 0;
        }

        FlushPendingHigh();
        if (!IsValidUtf8)
        {
            return JsonStringStops.IndexOf(rest);
        }

        int stop = Utf8Transcoder.TranscodeToStop(rest, _chars.AsSpan(_length), out int written, out bool valid, ref escaped);
        if (valid)
        {
            _length += written;
        }
        else
        {
            IsValidUtf8 = false;
        }

        return stop;
    }

    /// <summary>Appends the character of a one-character escape (\n, \", …).</summary>
    public void AppendEscapedChar(char c)
    {
        FlushPendingHigh();
        _chars[_length++] = c;
    }

    /// <summary>Appends the code unit of a \u escape, pairing surrogates as described above.</summary>
    public void AppendEscapedUnit(char unit)
    {
        if (_pendingHigh != '\0')
        {
            if (char.IsLowSurrogate(unit))
            {
                _chars[_length++] = _pendingHigh;
                _chars[_length++] = unit;
                _pendingHigh = '\0';
                return;
            }

            FlushPendingHigh();
        }

        if (char.IsHighSurrogate(unit))
        {
            _pendingHigh = unit;
            return;
        }

        _chars[_length++] = char.IsLowSurrogate(unit) ? '\uFFFD' : unit;
    }

    /// <summary>Ends the string.</summary>
    public void End() => FlushPendingHigh();

    private void FlushPendingHigh()
    {
        if (_pendingHigh != '\0')
        {
            _chars[_length++] = '\uFFFD';
            _pendingHigh = '\0';
        }
    }
}
