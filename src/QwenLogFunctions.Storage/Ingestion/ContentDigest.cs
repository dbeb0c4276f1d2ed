namespace QwenLogFunctions.Storage.Ingestion;

/// <summary>The SHA-256 of a shard's content as stored, set by the reader once it has hashed every byte.</summary>
internal sealed class ContentDigest
{
    public string? Sha256 { get; set; }
}
