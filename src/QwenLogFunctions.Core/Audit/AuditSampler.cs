using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QwenLogFunctions.Core.Audit;

/// <summary>
/// Deterministic audit sampling: a request is in the sample iff the first 8 bytes of SHA-256 of its UTF-8
/// request_id, read as a big-endian unsigned 64-bit integer, are below rate × 2^64. The same request is always in
/// or out, on any machine and in any process, and a sample at a lower rate is a subset of one at a higher rate.
/// (The same test in Python: <c>int(hashlib.sha256(id.encode()).hexdigest()[:16], 16) &lt; rate * 2**64</c>.)
/// </summary>
public sealed class AuditSampler
{
    /// <summary>The article's weekly human audit: 1% of requests.</summary>
    public const double DefaultRate = 0.01;

    private const double TwoToThe64 = 18446744073709551616.0;
    private readonly ulong _threshold;
    private readonly bool _includeAll;

    /// <summary>Creates a sampler including a fraction <paramref name="rate"/> of request ids, in (0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not in (0, 1].</exception>
    public AuditSampler(double rate = DefaultRate)
    {
        if (ValidateRate(rate) is { } error)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, error);
        }

        Rate = rate;
        // rate × 2^64 does not fit a ulong when rate is 1; "everything" is its own case.
        _includeAll = rate >= 1;
        _threshold = _includeAll ? ulong.MaxValue : (ulong)(rate * TwoToThe64);
    }

    /// <summary>The sampling rate, in (0, 1].</summary>
    public double Rate { get; }

    /// <summary>Whether the request with this id is in the sample.</summary>
    public bool Includes(string requestId) => _includeAll || Hash(requestId) < _threshold;

    /// <summary>The items whose id is in the sample, in their original order.</summary>
    public IEnumerable<T> Sample<T>(IEnumerable<T> items, Func<T, string> requestId)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(requestId);
        return items.Where(item => Includes(requestId(item)));
    }

    /// <summary>The first 8 bytes of SHA-256 of the UTF-8 id, big-endian.</summary>
    public static ulong Hash(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(requestId.Length);
        byte[]? rented = maxBytes > 512 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[512];
            int length = Encoding.UTF8.GetBytes(requestId, buffer);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..length], digest);
            return BinaryPrimitives.ReadUInt64BigEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Null when <paramref name="rate"/> is usable, otherwise why not.</summary>
    public static string? ValidateRate(double rate) =>
        double.IsNaN(rate) || rate <= 0 || rate > 1
            ? string.Create(CultureInfo.InvariantCulture, $"The audit sampling rate must be greater than 0 and at most 1 (e.g. 0.01 for 1%); got {rate}.")
            : null;

    /// <summary>
    /// Parses a rate as given in a query string or on the command line ("0.01", invariant culture);
    /// empty or null gives <see cref="DefaultRate"/>. On failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParseRate(string? text, out double rate, out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            rate = DefaultRate;
            error = null;
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out rate))
        {
            error = $"The audit sampling rate '{text}' is not a number; use a fraction such as 0.01 for 1%.";
            return false;
        }

        error = ValidateRate(rate);
        return error is null;
    }
}
