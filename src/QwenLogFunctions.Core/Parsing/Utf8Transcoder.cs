using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Decodes the inside of a JSON string from UTF-8 to UTF-16, resolving its one-character escapes (\n, \", \\, \/,
/// \t, \r, \b, \f) and its \u escapes of characters outside the surrogates, and finds where the part it can decode
/// alone ends (a quote, a control character, a \u escape of a surrogate, a malformed \u escape or any other backslash)
/// in one pass. Run by run, the result is that of the steps it replaced: the stop
/// <see cref="JsonStringStops.IndexOf(ReadOnlySpan{byte})"/> finds, the characters and the refusal of anything that is not well-formed
/// UTF-8 of <see cref="Utf8.ToUtf16(ReadOnlySpan{byte}, Span{char}, out int, out int, bool, bool)"/> without
/// replacement, and the escape's character.
/// </summary>
/// <remarks>
/// <para>Why not the framework's transcoder: it is fast on ASCII but decodes Chinese one or two characters at a time,
/// and searching for the stop first read every byte twice; the two were 16% of one-thread analyze CPU. Here 32
/// ASCII bytes are checked for a stop and widened in one step, and twelve bytes that are four three-byte sequences
/// (every CJK ideograph and Chinese punctuation mark, none of them a stop) are decoded by two byte shuffles and a few
/// shifts: 4.8 GB/s on Chinese text against the framework's 1.3 GB/s (measured on that step; within a run, two such
/// blocks now go side by side in one 256-bit step).</para>
/// <para>Why the escapes here: model texts hold a line break every few dozen characters (about 35 escapes in a line of
/// our samples); returning to the scanner for each one cost more than decoding it (7% of parsing time).</para>
/// <para>Why \u escapes here: a logger that writes JSON with Python's default <c>ensure_ascii=True</c> escapes every
/// Chinese character, and returning to the scanner for each one cost 1.6 times the analysis time of the same file
/// written as UTF-8. Four escapes in a row (24 bytes) are checked and decoded in one vector step. Surrogate escapes
/// stay with the caller, which pairs them or writes U+FFFD.</para>
/// <para>Every other byte (two- and four-byte sequences, E0 and ED leads, anything malformed) goes through a checked
/// scalar step or the framework's transcoder, so validity is decided exactly as before; the property tests compare
/// the two on random and damaged bytes. Processors without AVX2 and SSSE3 take the two framework steps.</para>
/// </remarks>
internal static class Utf8Transcoder
{
    // The constants are properties that return Vector128.Create of literals, not static readonly fields: the compiler
    // embeds such a vector in the code's read-only data, while a static field was read through the class's statics
    // base behind a check that its static constructor had run, in every step of the loop below; that check's call
    // kept the loop's locals on the stack (a spill and a reload of the block and the indexes per four characters).

    // Lead bytes at 0, 3, 6, 9 keep their top nibble (1110xxxx), continuation bytes their top two bits (10xxxxxx);
    // bytes 12-15 belong to the next block and are ignored.
    private static Vector128<byte> ThreeByteMask => Vector128.Create(
        (byte)0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0xF0, 0xC0, 0xC0, 0, 0, 0, 0);

    private static Vector128<byte> ThreeBytePattern => Vector128.Create(
        (byte)0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0xE0, 0x80, 0x80, 0, 0, 0, 0);

    // The lead bytes alone, to refuse E0 and ED (their second byte has a narrower range: overlong forms and
    // surrogates); those sequences take the scalar step, which checks the range.
    private static Vector128<byte> LeadSelect => Vector128.Create(
        (byte)0xFF, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0, 0xFF, 0, 0, 0, 0, 0, 0);

    private static Vector128<byte> LeadE0 => Vector128.Create(
        (byte)0xE0, 0, 0, 0xE0, 0, 0, 0xE0, 0, 0, 0xE0, 0, 0, 0, 0, 0, 0);

    private static Vector128<byte> LeadED => Vector128.Create(
        (byte)0xED, 0, 0, 0xED, 0, 0, 0xED, 0, 0, 0xED, 0, 0, 0, 0, 0, 0);

    // Shuffles: per 16-bit lane k (k = 0..3), (lead << 8 | second) and (third); 0x80 writes a zero byte.
    private static Vector128<byte> LeadAndSecond => Vector128.Create(
        (byte)1, 0, 4, 3, 7, 6, 10, 9, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);

    private static Vector128<byte> Third => Vector128.Create(
        (byte)2, 0x80, 5, 0x80, 8, 0x80, 11, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);

    /// <summary>
    /// Transcodes <paramref name="source"/> into <paramref name="destination"/>, which must hold at least one character
    /// per source byte (UTF-16 never needs more units than UTF-8 has bytes, nor an escape more than its two bytes), up
    /// to its first quote, control character, or backslash that does not start a one-character escape.
    /// </summary>
    /// <param name="source">The rest of a line from inside a string.</param>
    /// <param name="destination">Where the characters go.</param>
    /// <param name="written">Characters written, when <paramref name="valid"/>.</param>
    /// <param name="valid">False when the bytes before the stop are not well-formed UTF-8.</param>
    /// <param name="escaped">Set to true when a one-character escape was decoded (left as it is otherwise).</param>
    /// <returns>The index of the stop, or -1 when there is none. When not <paramref name="valid"/>: the first quote,
    /// backslash or control character after the malformed bytes (the caller reads the rest without decoding).</returns>
    public static int TranscodeToStop(ReadOnlySpan<byte> source, Span<char> destination, out int written, out bool valid, ref bool escaped)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("the destination must hold at least one character per source byte", nameof(destination));
        }

        if (!Vector256.IsHardwareAccelerated || !Avx2.IsSupported)
        {
            return FindStopThenTranscode(source, destination, out written, out valid, ref escaped);
        }

        ref byte src = ref MemoryMarshal.GetReference(source);
        ref ushort dst = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
        int length = source.Length;
        int i = 0, o = 0;
        var quote = Vector256.Create((byte)'"');
        var backslash = Vector256.Create((byte)'\\');

        // Compared as signed bytes, "below 0x20" holds for the control characters and for every byte from 0x80 (a
        // negative number): one comparison finds both kinds of stop that are not a quote or a backslash, where an
        // unsigned comparison (which x86 lacks for bytes: an add and a signed compare) and a separate test of the top
        // bits took five instructions more per 32 bytes.
        var controlOrNonAscii = Vector256.Create((sbyte)0x20);
        while (true)
        {
            if (i + Vector256<byte>.Count <= length)
            {
                // ASCII up to the first stop or other byte, 32 bytes a step; the whole block is widened (the
                // destination has room: o <= i) and the characters past that byte are written over later.
                var block = Vector256.LoadUnsafe(ref src, (nuint)i);
                uint special = (Vector256.Equals(block, quote) | Vector256.Equals(block, backslash)
                    | Vector256.LessThan(block.AsSByte(), controlOrNonAscii).AsByte()).ExtractMostSignificantBits();
                var (low, high) = Vector256.Widen(block);
                low.StoreUnsafe(ref dst, (nuint)o);
                high.StoreUnsafe(ref dst, (nuint)(o + Vector256<ushort>.Count));
                if (special == 0)
                {
                    // A constant step, so the next block's load need not wait for this one's test.
                    i += Vector256<byte>.Count;
                    o += Vector256<byte>.Count;
                    continue;
                }

                int ascii = BitOperations.TrailingZeroCount(special);
                i += ascii;
                o += ascii;

                // A one-character escape (a line break every few dozen bytes of model text) is decoded here and the
                // vector steps go on; any other byte goes on to the steps below at once, without another load.
                if (Unsafe.Add(ref src, i) == (byte)'\\' && i + 1 < length && EscapedChar(Unsafe.Add(ref src, i + 1)) is var escapedInBlock and not '\0')
                {
                    // And the escapes right after it ("\n\n" between paragraphs; in the generator's text a fifth of
                    // the escapes follow another), without a vector step that would stop at once.
                    do
                    {
                        Unsafe.Add(ref dst, o++) = escapedInBlock;
                        i += 2;
                    }
                    while (i + 1 < length && Unsafe.Add(ref src, i) == (byte)'\\' && (escapedInBlock = EscapedChar(Unsafe.Add(ref src, i + 1))) != '\0');

                    escaped = true;
                    continue;
                }
            }

            if (i >= length)
            {
                written = o;
                valid = true;
                return -1;
            }

            uint lead = Unsafe.Add(ref src, i);
            if (lead < 0x80)
            {
                if (lead == (byte)'\\' && i + 1 < length)
                {
                    if (EscapedChar(Unsafe.Add(ref src, i + 1)) is var escapedChar and not '\0')
                    {
                        Unsafe.Add(ref dst, o++) = escapedChar;
                        i += 2;
                        escaped = true;
                        continue;
                    }

                    if (Unsafe.Add(ref src, i + 1) == (byte)'u' && DecodeUnicodeEscapes(ref src, length, i, ref Unsafe.Add(ref dst, o)) is var units and > 0)
                    {
                        i += 6 * units;
                        o += units;
                        escaped = true;
                        continue;
                    }
                }

                if (lead is (byte)'"' or (byte)'\\' or < 0x20)
                {
                    written = o;
                    valid = true;
                    return i;
                }

                Unsafe.Add(ref dst, o++) = (ushort)lead;
                i++;
                continue;
            }

            // Blocks of four three-byte sequences (no stop can be among them: every byte is 0x80 or above). A block
            // that holds fewer (an ASCII letter or digit after two ideographs) still gives the ones before it.
            bool decoded = false, endOfRun = false;

            // Eight sequences (24 bytes) a step while there are: the four-sequence step below on two 16-byte loads (at i
            // and i + 12) side by side in one 256-bit vector. A run of Chinese text is usually a whole sentence, so
            // most of its characters go eight at a time: 1.6% fewer instructions on one thread (cachegrind, 20,000
            // generator lines, 762.6 -> 750.7 M), same reports; wall level within a 2-core AMD EPYC's noise.
            while (i + 28 <= length)
            {
                var block = Vector256.Create(Vector128.LoadUnsafe(ref src, (nuint)i), Vector128.LoadUnsafe(ref src, (nuint)(i + 12)));
                var leads = block & Vector256.Create(LeadSelect, LeadSelect);
                var wellFormed = Vector256.Equals(block & Vector256.Create(ThreeByteMask, ThreeByteMask), Vector256.Create(ThreeBytePattern, ThreeBytePattern))
                    & ~((Vector256.Equals(leads, Vector256.Create(LeadE0, LeadE0)) | Vector256.Equals(leads, Vector256.Create(LeadED, LeadED))) & Vector256.Create(LeadSelect, LeadSelect));

                // Bits 0-11: the first twelve bytes, 16-27: the next twelve (bits 12-15 and 28-31 are always clear).
                uint notWellFormed = ~wellFormed.ExtractMostSignificantBits() & 0x0FFF_0FFF;
                var pair = Avx2.Shuffle(block, Vector256.Create(LeadAndSecond, LeadAndSecond)).AsUInt16();
                var third = Avx2.Shuffle(block, Vector256.Create(Third, Third)).AsUInt16();
                var chars = ((pair & Vector256.Create((ushort)0x0F00)) << 4)
                    | ((pair & Vector256.Create((ushort)0x003F)) << 6)
                    | (third & Vector256.Create((ushort)0x003F));

                // Each half's four characters are in its low 64 bits: quadwords 0 and 2 side by side, one 16-byte store.
                Avx2.Permute4x64(chars.AsUInt64(), 0b_11_01_10_00).GetLower().StoreUnsafe(ref Unsafe.As<ushort, ulong>(ref Unsafe.Add(ref dst, o)));
                if (notWellFormed == 0)
                {
                    i += 24;
                    o += 8;
                    decoded = true;
                    continue;
                }

                int firstBad = BitOperations.TrailingZeroCount(notWellFormed);
                int sequences = firstBad < 16 ? firstBad / 3 : 4 + ((firstBad - 16) / 3);
                i += 3 * sequences;
                o += sequences;
                decoded |= sequences > 0;
                endOfRun = true;
                break;
            }

            while (!endOfRun && i + Vector128<byte>.Count <= length)
            {
                var block = Vector128.LoadUnsafe(ref src, (nuint)i);
                var leads = block & LeadSelect;
                var wellFormed = Vector128.Equals(block & ThreeByteMask, ThreeBytePattern)
                    & ~((Vector128.Equals(leads, LeadE0) | Vector128.Equals(leads, LeadED)) & LeadSelect);
                uint notWellFormed = ~wellFormed.ExtractMostSignificantBits() & 0xFFF;

                // ((lead & 0x0F) << 12) | ((second & 0x3F) << 6) | (third & 0x3F), four characters at once; those past
                // the well-formed sequences are written over by the next step.
                var pair = Ssse3.Shuffle(block, LeadAndSecond).AsUInt16();
                var third = Ssse3.Shuffle(block, Third).AsUInt16();
                var chars = ((pair & Vector128.Create((ushort)0x0F00)) << 4)
                    | ((pair & Vector128.Create((ushort)0x003F)) << 6)
                    | (third & Vector128.Create((ushort)0x003F));
                Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref dst, o)), chars.AsUInt64().ToScalar());
                if (notWellFormed == 0)
                {
                    // The common case keeps a constant step, so the next block's load need not wait for this one.
                    i += 12;
                    o += 4;
                    decoded = true;
                    continue;
                }

                int sequences = BitOperations.TrailingZeroCount(notWellFormed) / 3;
                i += 3 * sequences;
                o += sequences;
                decoded |= sequences > 0;
                break;
            }

            if (decoded)
            {
                continue;
            }

            // One character, checked byte by byte (Unicode's table of well-formed sequences).
            int read = DecodeOne(source, i, lead, ref Unsafe.Add(ref dst, o), out int charsWritten);
            if (read == 0)
            {
                // Not UTF-8: the caller needs only where the string goes on.
                written = 0;
                valid = false;
                int stop = JsonStringStops.IndexOf(source[i..]);
                return stop < 0 ? -1 : i + stop;
            }

            i += read;
            o += charsWritten;
        }
    }

    // Four \u escapes (24 bytes): the backslashes and u's at 0/1, 6/7, 12/13, 18/19 of the block, tested in two 16-byte
    // loads (bytes 0-15 and 8-23); the 16 hex digits gathered from both, in order, by two shuffles.
    private static Vector128<byte> EscapeMaskLow => Vector128.Create(
        (byte)0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0);

    private static Vector128<byte> EscapePatternLow => Vector128.Create(
        (byte)'\\', (byte)'u', 0, 0, 0, 0, (byte)'\\', (byte)'u', 0, 0, 0, 0, (byte)'\\', (byte)'u', 0, 0);

    private static Vector128<byte> EscapeMaskHigh => Vector128.Create(
        (byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0);

    private static Vector128<byte> EscapePatternHigh => Vector128.Create(
        (byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'\\', (byte)'u', 0, 0, 0, 0);

    private static Vector128<byte> HexDigitsLow => Vector128.Create(
        (byte)2, 3, 4, 5, 8, 9, 10, 11, 14, 15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);

    private static Vector128<byte> HexDigitsHigh => Vector128.Create(
        (byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 8, 9, 12, 13, 14, 15);

    /// <summary>
    /// Decodes the \u escapes that follow one another from <paramref name="i"/> (at a backslash followed by 'u'), each of
    /// a code unit outside the surrogates, into <paramref name="dst"/>; returns how many (six bytes and one character
    /// each), 0 when the first is a surrogate or not four hex digits (the caller stops there).
    /// </summary>
    /// <remarks>The caller's indexes are not passed by reference: a local whose address is taken lives on the stack,
    /// and the caller's loops then stored and reloaded theirs at every step (2.3% more instructions on text without a
    /// single \u escape). Not inlined, so that its constants do not take the caller's registers either.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int DecodeUnicodeEscapes(ref byte src, int length, int i, ref ushort dst)
    {
        int o = 0;
        if (Sse41.IsSupported)
        {
            while (i + 24 <= length)
            {
                var low = Vector128.LoadUnsafe(ref src, (nuint)i);
                var high = Vector128.LoadUnsafe(ref src, (nuint)(i + 8));
                if (!Vector128.EqualsAll((low & EscapeMaskLow) | (high & EscapeMaskHigh), EscapePatternLow | EscapePatternHigh))
                {
                    break;
                }

                var hex = Ssse3.Shuffle(low, HexDigitsLow) | Ssse3.Shuffle(high, HexDigitsHigh);
                var digit = hex - Vector128.Create((byte)'0');
                var letter = (hex | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
                var isDigit = Vector128.LessThan(digit, Vector128.Create((byte)10));
                var isLetter = Vector128.LessThan(letter, Vector128.Create((byte)6));
                if (!Vector128.EqualsAll(isDigit | isLetter, Vector128<byte>.AllBitsSet))
                {
                    break;
                }

                // Nibbles to bytes (16·high + low) to code units (256·high + low).
                var nibbles = Vector128.ConditionalSelect(isDigit, digit, letter + Vector128.Create((byte)10));
                var bytes = Ssse3.MultiplyAddAdjacent(nibbles, Vector128.Create((sbyte)16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1));
                var units = Sse41.PackUnsignedSaturate(Sse2.MultiplyAddAdjacent(bytes, Vector128.Create((short)256, 1, 256, 1, 256, 1, 256, 1)), Vector128<int>.Zero);
                if ((Vector128.Equals(units & Vector128.Create((ushort)0xF800), Vector128.Create((ushort)0xD800)).ExtractMostSignificantBits() & 0xF) != 0)
                {
                    break; // a surrogate among them: the escapes before it one at a time below
                }

                Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref dst, o)), units.AsUInt64().ToScalar());
                i += 24;
                o += 4;
            }
        }

        while (i + 6 <= length && Unsafe.Add(ref src, i) == (byte)'\\' && Unsafe.Add(ref src, i + 1) == (byte)'u')
        {
            int unit = EscapedUnit(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, i + 2), 4));
            if (unit < 0 || (unit & 0xF800) == 0xD800)
            {
                break;
            }

            Unsafe.Add(ref dst, o++) = (ushort)unit;
            i += 6;
        }

        return o;
    }

    /// <summary>
    /// The code unit that the four hex digits of a \u escape stand for (any case); -1 when one of them is not a hex digit.
    /// The scanner asks it too, so which \u escapes exist is decided in one place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int EscapedUnit(ReadOnlySpan<byte> hexDigits) =>
        (HexValue(hexDigits[0]) << 12) | (HexValue(hexDigits[1]) << 8) | (HexValue(hexDigits[2]) << 4) | HexValue(hexDigits[3]);

    // A hex digit's value; -1 for any other byte (shifted left by up to 12 bits it stays negative, so the four ORed
    // together are negative).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Decodes the non-ASCII character at <paramref name="i"/>; returns the bytes read, 0 when malformed.</summary>
    private static int DecodeOne(ReadOnlySpan<byte> source, int i, uint lead, ref ushort destination, out int charsWritten)
    {
        charsWritten = 1;
        if (lead is >= 0xC2 and <= 0xDF)
        {
            if (i + 1 >= source.Length || !IsContinuation(source[i + 1]))
            {
                return 0;
            }

            destination = (ushort)(((lead & 0x1F) << 6) | (source[i + 1] & 0x3Fu));
            return 2;
        }

        if (lead is >= 0xE0 and <= 0xEF)
        {
            if (i + 2 >= source.Length)
            {
                return 0;
            }

            uint second = source[i + 1];
            uint third = source[i + 2];
            bool secondInRange = lead switch
            {
                0xE0 => second is >= 0xA0 and <= 0xBF,
                0xED => second is >= 0x80 and <= 0x9F,
                _ => IsContinuation((byte)second),
            };
            if (!secondInRange || !IsContinuation((byte)third))
            {
                return 0;
            }

            destination = (ushort)(((lead & 0x0F) << 12) | ((second & 0x3F) << 6) | (third & 0x3F));
            return 3;
        }

        // Four-byte sequences (outside the BMP: two characters) and every malformed byte: the framework decides.
        Span<char> pair = stackalloc char[2];
        if (Utf8.ToUtf16(source.Slice(i, Math.Min(4, source.Length - i)), pair, out int read, out charsWritten, replaceInvalidSequences: false, isFinalBlock: false) == OperationStatus.InvalidData
            || read == 0)
        {
            return 0;
        }

        destination = pair[0];
        if (charsWritten == 2)
        {
            Unsafe.Add(ref destination, 1) = pair[1];
        }

        return read;
    }

    /// <summary>
    /// The character of the one-character escape whose letter is <paramref name="letter"/>; '\0' for any other byte.
    /// The scanner asks it too, so which escapes exist is decided in one place.
    /// </summary>
    /// <remarks>One load from a table: as a switch it was a tree of four or five compares and jumps per escape, and
    /// model texts hold an escape (mostly \n) every few dozen bytes.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static char EscapedChar(byte letter) => (char)EscapedChars[letter];

    // Indexed by the byte after a backslash: the escaped character, 0 where there is no one-character escape (\u is
    // not one: the scanner decodes it). All 256 bytes are in the table, so the compiler drops the range check of a byte index.
    private static ReadOnlySpan<byte> EscapedChars =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, (byte)'"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'/',
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'\\', 0, 0, 0,
        0, 0, (byte)'\b', 0, 0, 0, (byte)'\f', 0, 0, 0, 0, 0, 0, 0, (byte)'\n', 0,
        0, 0, (byte)'\r', 0, (byte)'\t', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>The framework's path, for processors without the vector instructions used above: run by run.</summary>
    private static int FindStopThenTranscode(ReadOnlySpan<byte> source, Span<char> destination, out int written, out bool valid, ref bool escaped)
    {
        int start = 0;
        written = 0;
        while (true)
        {
            int stop = JsonStringStops.IndexOf(source[start..]);
            var run = stop < 0 ? source[start..] : source.Slice(start, stop);
            if (Utf8.ToUtf16(run, destination[written..], out _, out int runWritten, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                written = 0;
                valid = false;
                return stop < 0 ? -1 : start + stop;
            }

            written += runWritten;
            if (stop < 0)
            {
                valid = true;
                return -1;
            }

            int at = start + stop;
            if (source[at] == (byte)'\\' && at + 1 < source.Length)
            {
                if (EscapedChar(source[at + 1]) is var escapedChar and not '\0')
                {
                    destination[written++] = escapedChar;
                    escaped = true;
                    start = at + 2;
                    continue;
                }

                if (source[at + 1] == (byte)'u'
                    && DecodeUnicodeEscapes(ref MemoryMarshal.GetReference(source), source.Length, at, ref Unsafe.As<char, ushort>(ref destination[written])) is var units and > 0)
                {
                    written += units;
                    escaped = true;
                    start = at + (6 * units);
                    continue;
                }
            }

            valid = true;
            return at;
        }
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
}
