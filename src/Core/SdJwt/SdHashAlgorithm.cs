using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Honnin.Jose;

namespace Honnin.SdJwt;

/// <summary>
/// A hash algorithm for SD-JWT digests and <c>sd_hash</c>, named by its IANA "Named Information Hash Algorithm
/// Registry" name as <c>_sd_alg</c> carries it (case-sensitive): <c>sha-256</c> (the default and mandatory one),
/// <c>sha-384</c>, <c>sha-512</c>, and the SHA-3 family <c>sha3-256</c>, <c>sha3-384</c>, <c>sha3-512</c> (FIPS 202) where
/// the platform provides SHA-3 (OpenSSL 1.1.1 or later, Windows 11 build 25324 or later; see <c>SHA3_256.IsSupported</c>).
/// Truncated hashes (such as <c>sha-256-32</c>) are not supported (RFC 9901 §9.4).
/// </summary>
public sealed class SdHashAlgorithm
{
    private SdHashAlgorithm(string name, HashAlgorithmName hashAlgorithm)
    {
        Name = name;
        HashAlgorithm = hashAlgorithm;
    }

    /// <summary>SHA-256, <c>sha-256</c>: the default when <c>_sd_alg</c> is absent.</summary>
    public static SdHashAlgorithm Sha256 { get; } = new("sha-256", HashAlgorithmName.SHA256);

    /// <summary>SHA-384, <c>sha-384</c>.</summary>
    public static SdHashAlgorithm Sha384 { get; } = new("sha-384", HashAlgorithmName.SHA384);

    /// <summary>SHA-512, <c>sha-512</c>.</summary>
    public static SdHashAlgorithm Sha512 { get; } = new("sha-512", HashAlgorithmName.SHA512);

    /// <summary>SHA3-256, <c>sha3-256</c>. Computing with it needs platform SHA-3 (<see cref="IsSupported"/>).</summary>
    public static SdHashAlgorithm Sha3_256 { get; } = new("sha3-256", HashAlgorithmName.SHA3_256);

    /// <summary>SHA3-384, <c>sha3-384</c>. Computing with it needs platform SHA-3 (<see cref="IsSupported"/>).</summary>
    public static SdHashAlgorithm Sha3_384 { get; } = new("sha3-384", HashAlgorithmName.SHA3_384);

    /// <summary>SHA3-512, <c>sha3-512</c>. Computing with it needs platform SHA-3 (<see cref="IsSupported"/>).</summary>
    public static SdHashAlgorithm Sha3_512 { get; } = new("sha3-512", HashAlgorithmName.SHA3_512);

    /// <summary>The IANA name, e.g. <c>sha-256</c>.</summary>
    public string Name { get; }

    /// <summary>The BCL hash algorithm.</summary>
    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>Whether this platform can compute the algorithm (always for SHA-2; for SHA-3 when the platform provides it).</summary>
    public bool IsSupported => Name switch
    {
        "sha3-256" => SHA3_256.IsSupported,
        "sha3-384" => SHA3_384.IsSupported,
        "sha3-512" => SHA3_512.IsSupported,
        _ => true,
    };

    /// <summary>
    /// Finds a supported algorithm by its exact (case-sensitive) IANA name. A SHA-3 name is found only where the platform
    /// can compute it, so an SD-JWT that uses it elsewhere reads as an unsupported <c>_sd_alg</c>, never as an exception.
    /// </summary>
    /// <param name="name">The name, e.g. from <c>_sd_alg</c>.</param>
    /// <param name="algorithm">The algorithm, when supported.</param>
    /// <returns>Whether the name is supported.</returns>
    public static bool TryFromName([NotNullWhen(true)] string? name, [NotNullWhen(true)] out SdHashAlgorithm? algorithm)
    {
        algorithm = name switch
        {
            "sha-256" => Sha256,
            "sha-384" => Sha384,
            "sha-512" => Sha512,
            "sha3-256" => Sha3_256,
            "sha3-384" => Sha3_384,
            "sha3-512" => Sha3_512,
            _ => null,
        };
        if (algorithm is { IsSupported: false })
        {
            algorithm = null;
        }

        return algorithm is not null;
    }

    /// <summary>base64url(hash(ASCII bytes of <paramref name="text"/>)): the digest of a Disclosure string or the <c>sd_hash</c> of a presentation.</summary>
    /// <param name="text">The base64url Disclosure, or the presentation up to and including its last <c>~</c>.</param>
    /// <returns>The base64url digest.</returns>
    /// <exception cref="ArgumentException">The text is not ASCII.</exception>
    /// <exception cref="PlatformNotSupportedException">The algorithm is SHA-3 and the platform does not provide it (<see cref="IsSupported"/>).</exception>
    public string ComputeDigest(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Ascii.IsValid(text))
        {
            throw new ArgumentException("Digests are computed over ASCII text.", nameof(text));
        }

        var bytes = Encoding.ASCII.GetBytes(text);
        Span<byte> digest = stackalloc byte[64];
        var length = Name switch
        {
            "sha-384" => SHA384.HashData(bytes, digest),
            "sha-512" => SHA512.HashData(bytes, digest),
            "sha3-256" => SHA3_256.HashData(bytes, digest),
            "sha3-384" => SHA3_384.HashData(bytes, digest),
            "sha3-512" => SHA3_512.HashData(bytes, digest),
            _ => SHA256.HashData(bytes, digest),
        };
        return Base64UrlEncoding.Encode(digest[..length]);
    }

    /// <summary>The IANA name.</summary>
    /// <returns><see cref="Name"/>.</returns>
    public override string ToString() => Name;
}
