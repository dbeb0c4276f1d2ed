using System.Globalization;

namespace QwenLogFunctions.Generation;

/// <summary>A growable UTF-8 byte buffer reused line after line, so generating a line allocates nothing.</summary>
internal sealed class ByteSink
{
    private byte[] _buffer;

    public ByteSink(int capacity) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Cuts the content back to <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => Length = Math.Min(Length, length);

    public byte this[int index] => _buffer[index];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void AppendInteger(long value)
    {
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(Length), out int written, default, CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Appends a fixed-point number; always finite here, so always valid JSON.</summary>
    public void AppendFixed(double value, int decimals)
    {
        Ensure(48);
        string format = decimals switch { 0 => "F0", 1 => "F1", 2 => "F2", _ => "F3" };
        value.TryFormat(_buffer.AsSpan(Length), out int written, format, CultureInfo.InvariantCulture);
        Length += written;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
