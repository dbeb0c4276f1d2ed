using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>The kinds of token <see cref="JsonLineScanner"/> reports.</summary>
internal enum JsonToken : byte
{
    None,
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    PropertyName,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A forward-only, validating JSON tokenizer for one complete line (RFC 8259 grammar, nesting up to 64 levels;
/// UTF-8 validity is checked by the caller for the whole line). Errors are reported, never thrown.
/// </summary>
/// <remarks>
/// Why not <see cref="System.Text.Json.Utf8JsonReader"/>: once a string holds an escape it validates the rest byte by
/// byte, and model outputs hold a "\n" every few dozen bytes; that loop was a fifth of all analyze CPU time. Here the
/// scan jumps between quotes, backslashes and control characters with a vectorized search. The reader is still used
/// where speed does not matter (request ids with escapes, tool-call bodies).
/// </remarks>
internal ref struct JsonLineScanner
{
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _json;
    private int _position;

    // The value of the current number when ScanNumber read it as a short integer on the way (see ScanNumber).
    private uint _shortInteger;
    private bool _hasShortInteger;
    private int _depth;
    private ulong _arrayMask; // bit d set: the container at depth d+1 is an array
    private State _state;

    public JsonLineScanner(ReadOnlySpan<byte> json)
    {
        _json = json;
        _state = State.Value;
    }

    private enum State : byte
    {
        Value,
        PropertyOrEnd,
        ValueOrEnd,
        CommaOrEnd,
        PropertyName,
        Done,
    }

    /// <summary>The current token.</summary>
    public JsonToken Token { get; private set; }

    /// <summary>Offset of the current token's first byte (the opening quote of a string).</summary>
    public int TokenStart { get; private set; }

    /// <summary>A string's raw bytes between the quotes, or a number's text.</summary>
    public ReadOnlySpan<byte> ValueSpan { get; private set; }

    /// <summary>Whether the current string contains escapes.</summary>
    public bool ValueIsEscaped { get; private set; }

    /// <summary>What went wrong, when <see cref="Read"/> returned false before the end.</summary>
    public string? Error { get; private set; }

    /// <summary>Where it went wrong.</summary>
    public int ErrorPosition { get; private set; }

    /// <summary>Moves to the next token; false at the end of the document or on an error (see <see cref="Error"/>).</summary>
    public bool Read()
    {
        SkipWhitespace();
        if (_state == State.Done)
        {
            return _position < _json.Length ? Fail("unexpected content after the object") : false;
        }

        if (_position >= _json.Length)
        {
            return Fail("unexpected end of line");
        }

        byte c = _json[_position];
        switch (_state)
        {
            case State.PropertyOrEnd:
                if (c == (byte)'}')
                {
                    return Close(JsonToken.EndObject);
                }

                return ReadPropertyName();

            case State.PropertyName:
                return ReadPropertyName();

            case State.ValueOrEnd:
                if (c == (byte)']')
                {
                    return Close(JsonToken.EndArray);
                }

                return ReadValue(c);

            case State.CommaOrEnd:
                bool inArray = InArray;
                if (c == (byte)',')
                {
                    _position++;
                    _state = inArray ? State.Value : State.PropertyName;
                    return Read();
                }

                if (c == (inArray ? (byte)']' : (byte)'}'))
                {
                    return Close(inArray ? JsonToken.EndArray : JsonToken.EndObject);
                }

                return Fail(inArray ? "expected ',' or ']'" : "expected ',' or '}'");

            default:
                return ReadValue(c);
        }
    }

    /// <summary>Skips the children of the current start token (no-op for scalars); false on an error.</summary>
    public bool Skip()
    {
        if (Token is not (JsonToken.StartObject or JsonToken.StartArray))
        {
            return true;
        }

        int depth = _depth - 1;
        while (_depth > depth)
        {
            if (!Read())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the current property name or string equals <paramref name="text"/> (escapes resolved).</summary>
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> text)
    {
        if (!ValueIsEscaped)
        {
            return ValueSpan.SequenceEqual(text);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(ValueSpan.Length);
        try
        {
            int length = JsonStringDecoder.Unescape(ValueSpan, ref buffer);
            return buffer.AsSpan(0, length).SequenceEqual(text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The current number as a double (may be infinite for huge exponents: callers check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public readonly bool TryGetDouble(out double value)
    {
        if (HasShortInteger)
        {
            value = _shortInteger;
            return true;
        }

        // Most logged numbers are small integers (latencies in whole milliseconds, token counts) or short decimals:
        // read their digits directly (exact, see TryReadShortDecimal); the rest go to the general parser.
        var span = ValueSpan;
        if (!span.IsEmpty && TryReadShortDecimal(span, out value))
        {
            return true;
        }

        return Utf8Parser.TryParse(span, out value, out int consumed) && consumed == span.Length;
    }

    /// <summary>
    /// A number of at most 15 digits in all whose decimal exponent (after the point is moved) is within ±22, as "219",
    /// "2.8", "0.7", "153.1", "1.5e3" ("-0" keeps its sign): its digits and the power of ten are both exact doubles, so
    /// one multiplication or division gives the correctly rounded value, the one the general parser gives (Clinger's
    /// fast path). Anything else (more digits, a larger exponent) is left to the general parser.
    /// </summary>
    private static bool TryReadShortDecimal(ReadOnlySpan<byte> span, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = span[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        long mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool inFraction = false;
        for (; i < span.Length; i++)
        {
            byte b = span[i];
            uint digit = (uint)(b - '0');
            if (digit <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                digits++;
                fractionDigits += inFraction ? 1 : 0;
            }
            else if (b == (byte)'.' && !inFraction)
            {
                inFraction = true;
            }
            else
            {
                break;
            }
        }

        int exponent = 0;
        if (i < span.Length)
        {
            // The scanner has checked the grammar: what follows is e or E, an optional sign and at least one digit.
            i++;
            bool negativeExponent = span[i] == (byte)'-';
            if (span[i] is (byte)'-' or (byte)'+')
            {
                i++;
            }

            for (; i < span.Length; i++)
            {
                exponent = (exponent * 10) + (span[i] - '0');
                if (exponent > 1000)
                {
                    return false;
                }
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        int power = exponent - fractionDigits;
        if (digits > 15 || power is < -22 or > 22)
        {
            return false;
        }

        value = power < 0 ? mantissa / PowersOfTen[-power] : mantissa * PowersOfTen[power];
        value = negative ? -value : value;
        return true;
    }

    // 1e0 to 1e22: every one an exact double. An array, not a span property: a span of doubles built from a collection
    // expression is a new array on every call in Debug builds (the allocation test caught it).
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>The current number as a long, when it is an integer in range.</summary>
    public readonly bool TryGetInt64(out long value)
    {
        if (HasShortInteger)
        {
            value = _shortInteger;
            return true;
        }

        return Utf8Parser.TryParse(ValueSpan, out value, out int consumed) && consumed == ValueSpan.Length;
    }

    // Whether the current token is a number that ScanNumber already converted (_shortInteger holds it).
    private readonly bool HasShortInteger => _hasShortInteger && Token == JsonToken.Number;

    private readonly bool InArray => _depth > 0 && (_arrayMask & (1UL << (_depth - 1))) != 0;

    /// <summary>
    /// Reads the next property name when its bytes are exactly <paramref name="name"/>'s (quotes included, no escapes),
    /// leaving the scanner as <see cref="Read"/> would, without scanning the string. Anything else (another name, an
    /// escape, the end of the object, a syntax error) returns false with the scanner unmoved, for Read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public bool TryReadPropertyNamed(QuotedName name)
    {
        ReadOnlySpan<byte> quotedName = name.Bytes;
        // The line in a local: the fields of this struct would be reloaded after every store otherwise.
        var json = _json;
        int position = _position;
        // (Only with 256-bit vectors in hardware: emulated, one comparison would cost more than the steps below.)
        if (Vector256.IsHardwareAccelerated && _state == State.CommaOrEnd && (uint)(position + Vector256<byte>.Count) <= (uint)json.Length)
        {
            // The separator, the name and the colon as a server writes them between two fields, in one comparison: the
            // whitespace steps below, each a few branches, cost more than the name's own comparison. Exactly what the
            // steps below find on these bytes (a comma with no space before it, the name, a colon right after).
            bool spaced = json[position + 1] == (byte)' ';
            var (pattern, mask, fits) = spaced ? (name.Spaced, name.SpacedMask, name.SpacedFitsInVector) : (name.Compact, name.CompactMask, name.CompactFitsInVector);
            if (fits && (Vector256.Equals(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(json), (nuint)position), pattern).ExtractMostSignificantBits() & mask) == mask && !InArray)
            {
                int nameStart = position + (spaced ? 2 : 1);
                TokenStart = nameStart;
                ValueSpan = json.Slice(nameStart + 1, quotedName.Length - 2);
                ValueIsEscaped = false;
                Token = JsonToken.PropertyName;
                _position = nameStart + quotedName.Length + 1;
                _state = State.Value;
                return true;
            }
        }

        if (_state == State.CommaOrEnd)
        {
            position = SkipWhitespaceIn(json, position);
            if ((uint)position >= (uint)json.Length || json[position] != (byte)',' || InArray)
            {
                return false;
            }

            position++;
        }
        else if (_state is not (State.PropertyOrEnd or State.PropertyName))
        {
            return false;
        }

        position = SkipWhitespaceIn(json, position);
        if (name.FitsInVector && (uint)(position + Vector256<byte>.Count) <= (uint)json.Length)
        {
            // One load and one comparison; the bytes past the name (the colon and what follows) are masked off.
            var here = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(json), (nuint)position);
            if ((Vector256.Equals(here, name.Vector).ExtractMostSignificantBits() & name.Mask) != name.Mask)
            {
                return false;
            }
        }
        else if ((uint)(position + quotedName.Length) > (uint)json.Length || !json.Slice(position, quotedName.Length).SequenceEqual(quotedName))
        {
            return false;
        }

        int colon = SkipWhitespaceIn(json, position + quotedName.Length);
        if ((uint)colon >= (uint)json.Length || json[colon] != (byte)':')
        {
            return false;
        }

        TokenStart = position;
        ValueSpan = json.Slice(position + 1, quotedName.Length - 2);
        ValueIsEscaped = false;
        Token = JsonToken.PropertyName;
        _position = colon + 1;
        _state = State.Value;
        return true;
    }

    // The end of the whitespace from position: the two cases of nearly every line (no whitespace, or the one space that
    // Python's json.dumps writes after ',' and ':') inline, longer runs in the loop.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespaceIn(ReadOnlySpan<byte> json, int position)
    {
        if ((uint)position >= (uint)json.Length || json[position] > (byte)' ')
        {
            return position;
        }

        if (json[position] == (byte)' ' && (uint)(position + 1) < (uint)json.Length && json[position + 1] > (byte)' ')
        {
            return position + 1;
        }

        return SkipWhitespaceRunIn(json, position);
    }

    private static int SkipWhitespaceRunIn(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            position++;
        }

        return position;
    }

    private bool ReadPropertyName()
    {
        if (_json[_position] != (byte)'"')
        {
            return Fail("expected a property name in double quotes");
        }

        if (!ScanString())
        {
            return false;
        }

        Token = JsonToken.PropertyName;
        SkipWhitespace();
        if (_position >= _json.Length || _json[_position] != (byte)':')
        {
            return Fail("expected ':' after a property name");
        }

        _position++;
        _state = State.Value;
        return true;
    }

    private bool ReadValue(byte c)
    {
        TokenStart = _position;
        switch (c)
        {
            case (byte)'{':
                return Open(JsonToken.StartObject, isArray: false);
            case (byte)'[':
                return Open(JsonToken.StartArray, isArray: true);
            case (byte)'"':
                if (!ScanString())
                {
                    return false;
                }

                Token = JsonToken.String;
                break;
            case (byte)'t':
                if (!Literal("true"u8, JsonToken.True))
                {
                    return false;
                }

                break;
            case (byte)'f':
                if (!Literal("false"u8, JsonToken.False))
                {
                    return false;
                }

                break;
            case (byte)'n':
                if (!Literal("null"u8, JsonToken.Null))
                {
                    return false;
                }

                break;
            default:
                if (!ScanNumber())
                {
                    return false;
                }

                break;
        }

        AfterValue();
        return true;
    }

    private bool Open(JsonToken token, bool isArray)
    {
        if (_depth >= MaxDepth)
        {
            return Fail($"nesting deeper than {MaxDepth} levels");
        }

        if (isArray)
        {
            _arrayMask |= 1UL << _depth;
        }
        else
        {
            _arrayMask &= ~(1UL << _depth);
        }

        _depth++;
        _position++;
        Token = token;
        _state = isArray ? State.ValueOrEnd : State.PropertyOrEnd;
        return true;
    }

    private bool Close(JsonToken token)
    {
        TokenStart = _position;
        _position++;
        _depth--;
        Token = token;
        AfterValue();
        return true;
    }

    private void AfterValue() => _state = _depth == 0 ? State.Done : State.CommaOrEnd;

    private bool ScanString()
    {
        var none = default(Utf16Text);
        return ScanString(ref none);
    }

    /// <summary>
    /// Reads the next value, as <see cref="Read"/> does after a property name; when it is a string, its characters are
    /// decoded into <paramref name="text"/> (escapes resolved, UTF-8 transcoded to UTF-16) in the same pass that finds
    /// its end, instead of a second and third pass over it afterwards.
    /// </summary>
    /// <returns>False at an error, as <see cref="Read"/>. A string that is not valid UTF-8 is read all the same, with
    /// <see cref="Utf16Text.IsValidUtf8"/> false (the caller reports where).</returns>
    public bool ReadDecodingString(ref Utf16Text text)
    {
        SkipWhitespace();
        if (_state != State.Value || _position >= _json.Length || _json[_position] != (byte)'"')
        {
            return Read();
        }

        text.Begin(_json.Length - _position);
        if (!ScanString(ref text))
        {
            return false;
        }

        Token = JsonToken.String;
        AfterValue();
        return true;
    }

    // Finds the end of the string at _position, validating its escapes; when text is active, also decodes it.
    private bool ScanString(ref Utf16Text text)
    {
        TokenStart = _position;
        int start = _position + 1;
        int i = start;
        bool escaped = false;
        while (true)
        {
            int stop = i >= _json.Length ? -1 : text.IsActive ? text.AppendToStop(_json[i..], ref escaped) : JsonStringStops.IndexOf(_json[i..]);
            if (stop < 0)
            {
                _position = _json.Length;
                return Fail("unterminated string");
            }

            i += stop;
            byte c = _json[i];
            if (c == (byte)'"')
            {
                ValueSpan = _json[start..i];
                ValueIsEscaped = escaped;
                _position = i + 1;
                if (text.IsActive)
                {
                    text.End();
                }

                return true;
            }

            if (c != (byte)'\\')
            {
                _position = i;
                return Fail("control character in a string (must be escaped)");
            }

            escaped = true;
            if (i + 1 >= _json.Length)
            {
                _position = i;
                return Fail("unterminated string");
            }

            byte kind = _json[i + 1];
            if (kind == (byte)'u')
            {
                int unit = i + 6 > _json.Length ? -1 : Utf8Transcoder.EscapedUnit(_json.Slice(i + 2, 4));
                if (unit < 0)
                {
                    _position = i;
                    return Fail("invalid \\u escape in a string");
                }

                if (text.IsActive)
                {
                    text.AppendEscapedUnit((char)unit);
                }

                i += 6;
            }
            else if (Utf8Transcoder.EscapedChar(kind) is var escapedChar and not '\0')
            {
                if (text.IsActive)
                {
                    text.AppendEscapedChar(escapedChar);
                }

                i += 2;
            }
            else
            {
                _position = i;
                return Fail("invalid escape in a string");
            }
        }
    }

    // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? followed by a delimiter.
    private bool ScanNumber()
    {
        if (TryScanShortInteger())
        {
            return true;
        }

        _hasShortInteger = false;
        int i = _position;
        if (i < _json.Length && _json[i] == (byte)'-')
        {
            i++;
        }

        if (i >= _json.Length || !IsDigit(_json[i]))
        {
            return Fail(i < _json.Length && _json[i] is (byte)'N' or (byte)'I'
                ? "NaN and Infinity are not JSON numbers (write null, or leave the field out)"
                : $"unexpected character '{Printable(_json[_position])}'");
        }

        if (_json[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = Digits(i);
        }

        if (i < _json.Length && _json[i] == (byte)'.')
        {
            if (i + 1 >= _json.Length || !IsDigit(_json[i + 1]))
            {
                _position = i;
                return Fail("invalid number: a digit must follow the decimal point");
            }

            i = Digits(i + 1);
        }

        if (i < _json.Length && (_json[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < _json.Length && _json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= _json.Length || !IsDigit(_json[i]))
            {
                _position = i;
                return Fail("invalid number: the exponent has no digits");
            }

            i = Digits(i);
        }

        if (i < _json.Length && !IsDelimiter(_json[i]))
        {
            _position = i;
            return Fail("invalid number");
        }

        ValueSpan = _json[_position..i];
        Token = JsonToken.Number;
        _position = i;
        return true;
    }

    /// <summary>
    /// Reads a number of one to seven digits followed by a delimiter (token counts, latencies in milliseconds: most
    /// numbers of a log line) from one 8-byte load: which bytes are digits, where they end and their value, with no
    /// branch on each digit. Anything else (a sign, a point, an exponent, a leading zero, eight digits or more, a
    /// line ending within 8 bytes) is left to the general scan, which also gives the errors.
    /// </summary>
    /// <remarks>
    /// Why: scanning a number's digits and then converting them was two loops whose exits the processor mispredicts on
    /// every number of varying length, about 3.5% of one-thread analyze CPU. The conversion is the well-known SWAR
    /// one (Lemire, "Fast number parsing"): digits in memory order, left-padded with zeros to eight.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    private bool TryScanShortInteger()
    {
        int digits = ShortIntegerAt(_json, _position, out _shortInteger);
        if (digits == 0)
        {
            return false;
        }

        _hasShortInteger = true;
        ValueSpan = _json.Slice(_position, digits);
        Token = JsonToken.Number;
        _position += digits;
        return true;
    }

    /// <summary>How many digits the short integer at <paramref name="position"/> has (see TryScanShortInteger), or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortIntegerAt(ReadOnlySpan<byte> json, int position, out uint value)
    {
        value = 0;
        if (!BitConverter.IsLittleEndian || (uint)(position + sizeof(ulong)) > (uint)json.Length)
        {
            return 0;
        }

        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(json), position));
        int digits = DigitCount(word);
        if (digits is 0 or 8 || (digits > 1 && (byte)word == (byte)'0') || !IsDelimiter((byte)(word >> (digits * 8))))
        {
            return 0;
        }

        value = DigitsValue(word, digits);
        return digits;
    }

    /// <summary>
    /// Reads the value after a property name when it is a number of one to seven digits followed by a delimiter (a token
    /// count, a latency in whole milliseconds), leaving the scanner exactly as <see cref="Read"/> would (token, value,
    /// span, state); anything else returns false with the scanner unmoved, for Read.
    /// </summary>
    /// <remarks>
    /// Why: Read serves every token, so a field's value went through its checks of the state, the dispatch on the first
    /// byte and the general number scan's prologue before the short-integer read; the parser knows which fields hold
    /// numbers and asks for one directly.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public bool TryReadShortIntegerValue(out uint value)
    {
        var json = _json;
        int position = SkipWhitespaceIn(json, _position);
        int digits = ShortIntegerAt(json, position, out value);
        if (digits == 0 || _state != State.Value)
        {
            return false;
        }

        _shortInteger = value;
        _hasShortInteger = true;
        ValueSpan = json.Slice(position, digits);
        AcceptValue(JsonToken.Number, position, position + digits);
        return true;
    }

    /// <summary>
    /// Reads the value after a property name when it is an integer of one to fifteen digits followed by a delimiter (epoch
    /// seconds, a count), leaving the scanner exactly as <see cref="Read"/> would; anything else returns false with the
    /// scanner unmoved (see <see cref="TryReadShortIntegerValue"/>). Fifteen digits or fewer: every such value is an exact double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public bool TryReadIntegerValue(out ulong value)
    {
        value = 0;
        if (_state != State.Value)
        {
            return false;
        }

        var json = _json;
        int position = SkipWhitespaceIn(json, _position);
        int digits = ShortIntegerAt(json, position, out uint head);
        value = head;
        if (digits == 0)
        {
            // Eight digits or more in the first word (or too near the line's end, or not a number at all): the next word
            // holds the rest, up to seven more digits and the delimiter.
            if (!BitConverter.IsLittleEndian || (uint)(position + (2 * sizeof(ulong))) > (uint)json.Length || json[position] == (byte)'0')
            {
                return false;
            }

            ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(json), position);
            ulong first = Unsafe.ReadUnaligned<ulong>(ref at);
            ulong second = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, sizeof(ulong)));
            if (DigitCount(first) != 8)
            {
                return false;
            }

            int rest = DigitCount(second);
            if (rest == 8 || !IsDelimiter((byte)(second >> (rest * 8))))
            {
                return false;
            }

            value = (DigitsValue(first, 8) * PowersOfTenInteger[rest]) + (rest == 0 ? 0 : DigitsValue(second, rest));
            digits = 8 + rest;
            _hasShortInteger = false;
        }
        else
        {
            _shortInteger = head;
            _hasShortInteger = true;
        }

        ValueSpan = json.Slice(position, digits);
        AcceptValue(JsonToken.Number, position, position + digits);
        return true;
    }

    // 1e0 to 1e7, for joining the two words of TryReadIntegerValue.
    private static readonly ulong[] PowersOfTenInteger = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    /// <summary>How many of a word's bytes, from its first in memory, are ASCII digits (0 to 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitCount(ulong word)
    {
        // Per byte: zero when it is an ASCII digit (high nibble 3, low nibble below 10), then bit 7 set where it is not.
        ulong notDigit = ((word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030) | (((word & 0x0F0F_0F0F_0F0F_0F0F) + 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0);
        ulong marks = (((notDigit & 0x7F7F_7F7F_7F7F_7F7F) + 0x7F7F_7F7F_7F7F_7F7F) | notDigit) & 0x8080_8080_8080_8080;
        return BitOperations.TrailingZeroCount(marks) >> 3;
    }

    /// <summary>The value of a word's first <paramref name="digits"/> bytes (1 to 8), all ASCII digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint DigitsValue(ulong word, int digits)
    {
        // The digits moved to the top: the bytes below them are zero, which the conversion reads as leading zeros
        // (the well-known SWAR conversion: Lemire, "Fast number parsing").
        ulong padded = word << ((8 - digits) * 8);
        padded = ((padded & 0x0F0F_0F0F_0F0F_0F0F) * 2561) >> 8;
        padded = ((padded & 0x00FF_00FF_00FF_00FF) * 6553601) >> 16;
        return (uint)(((padded & 0x0000_FFFF_0000_FFFF) * 42949672960001) >> 32);
    }

    /// <summary>
    /// Reads the value after a property name when it is a non-negative number without an exponent, of fifteen digits or
    /// fewer in all ("0.7", "12.375", "279"), followed by a delimiter or the line's end, leaving the scanner exactly as
    /// <see cref="Read"/> would; anything else returns false with the scanner unmoved (see <see cref="TryReadShortIntegerValue"/>).
    /// <paramref name="value"/> is what <see cref="TryGetDouble"/> gives for it: the digits and the power of ten are both
    /// exact doubles, so one division is correctly rounded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public bool TryReadPlainNumberValue(out double value)
    {
        value = 0;
        if (_state != State.Value)
        {
            return false;
        }

        var json = _json;
        int position = SkipWhitespaceIn(json, _position);
        int i = position;
        long mantissa = 0;
        while ((uint)i < (uint)json.Length && (uint)(json[i] - '0') <= 9)
        {
            mantissa = (mantissa * 10) + (json[i] - '0');
            i++;
        }

        int integerDigits = i - position;
        if (integerDigits == 0 || (integerDigits > 1 && json[position] == (byte)'0'))
        {
            return false;
        }

        int fractionDigits = 0;
        if ((uint)i < (uint)json.Length && json[i] == (byte)'.')
        {
            int fractionStart = ++i;
            while ((uint)i < (uint)json.Length && (uint)(json[i] - '0') <= 9)
            {
                mantissa = (mantissa * 10) + (json[i] - '0');
                i++;
            }

            fractionDigits = i - fractionStart;
            if (fractionDigits == 0)
            {
                return false;
            }
        }

        // More digits (the mantissa may have wrapped: it is not used then), an exponent or anything else: the general read.
        if (integerDigits + fractionDigits > 15 || ((uint)i < (uint)json.Length && !IsDelimiter(json[i])))
        {
            return false;
        }

        value = mantissa / PowersOfTen[fractionDigits];

        // What ScanNumber records on the way: a short integer read from one 8-byte load (see TryScanShortInteger).
        _hasShortInteger = fractionDigits == 0 && integerDigits <= 7 && (uint)(position + sizeof(ulong)) <= (uint)json.Length;
        _shortInteger = _hasShortInteger ? (uint)mantissa : _shortInteger;
        ValueSpan = json[position..i];
        AcceptValue(JsonToken.Number, position, i);
        return true;
    }

    /// <summary>
    /// Reads the value after a property name when it is a string of at most 31 bytes without escapes or control
    /// characters (a level, a model name, a request id), leaving the scanner exactly as <see cref="Read"/> would;
    /// anything else returns false with the scanner unmoved (see <see cref="TryReadShortIntegerValue"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public bool TryReadShortPlainStringValue()
    {
        var json = _json;
        int position = SkipWhitespaceIn(json, _position);
        if (!Vector256.IsHardwareAccelerated || _state != State.Value || (uint)(position + 1 + Vector256<byte>.Count) > (uint)json.Length || json[position] != (byte)'"')
        {
            return false; // (without 256-bit vectors in hardware, the general scan is the faster one)
        }

        // One load: the first quote, backslash or control character after the opening quote (what ScanString stops on).
        var bytes = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(json), (nuint)(position + 1));
        var stops = Vector256.Equals(bytes, Vector256.Create((byte)'"')) | Vector256.Equals(bytes, Vector256.Create((byte)'\\'))
            | Vector256.LessThan(bytes, Vector256.Create((byte)' '));
        uint mask = stops.ExtractMostSignificantBits();
        int length = BitOperations.TrailingZeroCount(mask);
        if (mask == 0 || json[position + 1 + length] != (byte)'"')
        {
            return false;
        }

        ValueSpan = json.Slice(position + 1, length);
        ValueIsEscaped = false;
        AcceptValue(JsonToken.String, position, position + 2 + length);
        return true;
    }

    /// <summary>
    /// Reads the value after a property name when it is <c>true</c> or <c>false</c>, leaving the scanner exactly as
    /// <see cref="Read"/> would; anything else returns false with the scanner unmoved (see <see cref="TryReadShortIntegerValue"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the parser's loop over fields: see LogLineParser.ReadName
    public bool TryReadBooleanValue(out bool value)
    {
        value = false;
        var json = _json;
        int position = SkipWhitespaceIn(json, _position);
        if (_state != State.Value || (uint)(position + sizeof(uint)) > (uint)json.Length)
        {
            return false;
        }

        uint head = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference(json), position));
        int length;
        if (head == TrueWord)
        {
            value = true;
            length = 4;
        }
        else if (head == FalsWord && (uint)(position + 4) < (uint)json.Length && json[position + 4] == (byte)'e')
        {
            length = 5;
        }
        else
        {
            return false;
        }

        // As Literal: the literal ends the line or a delimiter follows it.
        if (position + length < json.Length && !IsDelimiter(json[position + length]))
        {
            return false;
        }

        AcceptValue(value ? JsonToken.True : JsonToken.False, position, position + length);
        return true;
    }

    /// <summary>Leaves the scanner on a value token from <paramref name="start"/> to <paramref name="end"/> (exclusive), as <see cref="Read"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AcceptValue(JsonToken token, int start, int end)
    {
        TokenStart = start;
        Token = token;
        _position = end;
        AfterValue();
    }

    // "true" and "fals" as little-endian words.
    private static readonly uint TrueWord = BitConverter.ToUInt32("true"u8);
    private static readonly uint FalsWord = BitConverter.ToUInt32("fals"u8);

    private bool Literal(ReadOnlySpan<byte> literal, JsonToken token)
    {
        if (!_json[_position..].StartsWith(literal) || (_position + literal.Length < _json.Length && !IsDelimiter(_json[_position + literal.Length])))
        {
            return Fail($"invalid literal (expected '{System.Text.Encoding.ASCII.GetString(literal)}')");
        }

        _position += literal.Length;
        Token = token;
        return true;
    }

    private int Digits(int i)
    {
        while (i < _json.Length && IsDigit(_json[i]))
        {
            i++;
        }

        return i;
    }

    // Called before every token (JSON whitespace is all below '!').
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace() => _position = SkipWhitespaceIn(_json, _position);

    private bool Fail(string message)
    {
        Error ??= message;
        ErrorPosition = _position;
        Token = JsonToken.None;
        return false;
    }

    // Inlined: it was a call of its own on every number (0.9% of one-thread CPU on lines of short texts).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDelimiter(byte b) => b is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static string Printable(byte b) => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"0x{b:X2}";
}
