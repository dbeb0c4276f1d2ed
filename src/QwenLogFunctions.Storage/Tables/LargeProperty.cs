using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// Values that may exceed one property's limit (32K UTF-16 characters for strings, 64 KiB for binary), split
/// over numbered properties Name0, Name1, ... with NameChunks holding the count. Small values use one property.
/// The entity must be written with Replace semantics so a shorter value leaves no stale chunks.
/// </summary>
internal static class LargeProperty
{
    /// <summary>Characters per string chunk (Azure's limit is 32,768 UTF-16 units).</summary>
    public const int StringChunk = 32_000;

    /// <summary>Bytes per binary chunk (Azure's limit is 65,536 bytes).</summary>
    public const int BinaryChunk = 64_000;

    /// <summary>Writes a string.</summary>
    public static void SetString(TableEntity entity, string name, string value) =>
        Set(entity, name, value, value.Length, StringChunk, value.Substring);

    /// <summary>Reads a string written by <see cref="SetString"/>; null when absent.</summary>
    public static string? GetString(TableEntity entity, string name)
    {
        if (entity.GetString(name) is { } text)
        {
            return text;
        }

        if (entity.GetInt32(name + "Chunks") is not int count)
        {
            return null;
        }

        var builder = new StringBuilder(count * StringChunk);
        for (int i = 0; i < count; i++)
        {
            builder.Append(entity.GetString(ChunkName(name, i)));
        }

        return builder.ToString();
    }

    /// <summary>Writes bytes.</summary>
    public static void SetBytes(TableEntity entity, string name, byte[] value) =>
        Set(entity, name, value, value.Length, BinaryChunk, (start, length) => value.AsSpan(start, length).ToArray());

    /// <summary>Reads bytes written by <see cref="SetBytes"/>; null when absent.</summary>
    public static byte[]? GetBytes(TableEntity entity, string name)
    {
        if (entity.GetBinary(name) is { } bytes)
        {
            return bytes;
        }

        if (entity.GetInt32(name + "Chunks") is not int count)
        {
            return null;
        }

        using var stream = new MemoryStream();
        for (int i = 0; i < count; i++)
        {
            stream.Write(entity.GetBinary(ChunkName(name, i)));
        }

        return stream.ToArray();
    }

    // The whole value when it fits one property; otherwise its slices of chunkSize (the last one shorter), numbered.
    private static void Set(TableEntity entity, string name, object value, int length, int chunkSize, Func<int, int, object> slice)
    {
        if (length <= chunkSize)
        {
            entity[name] = value;
            return;
        }

        int chunks = (length + chunkSize - 1) / chunkSize;
        entity[name + "Chunks"] = chunks;
        for (int i = 0; i < chunks; i++)
        {
            int start = i * chunkSize;
            entity[ChunkName(name, i)] = slice(start, Math.Min(chunkSize, length - start));
        }
    }

    private static string ChunkName(string name, int index) => name + index.ToString(CultureInfo.InvariantCulture);
}
