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
    public static void SetString(Azure.Data.Tables.TableEntity entity, string name, string value)
    {
        if (value.Length <= StringChunk)
        {
            entity[name] = value;
            return;
        }

        int chunks = (value.Length + StringChunk - 1) / StringChunk;
        entity[name + "Chunks"] = chunks;
        for (int i = 0; i < chunks; i++)
        {
            int start = i * StringChunk;
            entity[name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = value.Substring(start, Math.Min(StringChunk, value.Length - start));
        }
    }

    /// <summary>Reads a string written by <see cref="SetString"/>; null when absent.</summary>
    public static string? GetString(Azure.Data.Tables.TableEntity entity, string name)
    {
        if (entity.GetString(name) is { } text)
        {
            return text;
        }

        if (entity.GetInt32(name + "Chunks") is not int count)
        {
            return null;
        }

        var builder = new System.Text.StringBuilder(count * StringChunk);
        for (int i = 0; i < count; i++)
        {
            builder.Append(entity.GetString(name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return builder.ToString();
    }

    /// <summary>Writes bytes.</summary>
    public static void SetBytes(Azure.Data.Tables.TableEntity entity, string name, byte[] value)
    {
        if (value.Length <= BinaryChunk)
        {
            entity[name] = value;
            return;
        }

        int chunks = (value.Length + BinaryChunk - 1) / BinaryChunk;
        entity[name + "Chunks"] = chunks;
        for (int i = 0; i < chunks; i++)
        {
            int start = i * BinaryChunk;
            entity[name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = value.AsSpan(start, Math.Min(BinaryChunk, value.Length - start)).ToArray();
        }
    }

    /// <summary>Reads bytes written by <see cref="SetBytes"/>; null when absent.</summary>
    public static byte[]? GetBytes(Azure.Data.Tables.TableEntity entity, string name)
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
            stream.Write(entity.GetBinary(name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return stream.ToArray();
    }
}
