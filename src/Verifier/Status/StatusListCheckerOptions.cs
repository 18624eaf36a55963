using Honnin.Crypto;
using Honnin.StatusLists;
using Honnin.X509;

namespace Honnin.Verifier.Status;

/// <summary>How a verifier checks Token Status Lists.</summary>
public sealed record StatusListCheckerOptions
{
    /// <summary>Where tokens come from: <see cref="HttpStatusListSource"/> for a service.</summary>
    public required IStatusListSource Source { get; init; }

    /// <summary>Where fetched tokens are kept until they expire; an in-memory cache when null. A service with several instances shares a store-backed one.</summary>
    public IStatusListCache? Cache { get; init; }

    /// <summary>Roots a token's <c>x5c</c>/<c>x5chain</c> must chain to (the issuers' IACAs, or a status signer's root).</summary>
    public TrustAnchorSet? TrustAnchors { get; init; }

    /// <summary>Keys a token may be signed with directly, besides the credential issuer's own key.</summary>
    public IReadOnlyList<CoseKey> TrustedKeys { get; init; } = [];

    /// <summary>How long a token is used when it names no <c>ttl</c>. Default 5 minutes.</summary>
    public TimeSpan DefaultCacheTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest a fetched token is kept, whatever its <c>ttl</c> says (a tiny ttl would make every check a fetch). Default 30 s.</summary>
    public TimeSpan MinCacheTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a fetched token is kept, whatever its <c>ttl</c> says. Default 12 hours.</summary>
    public TimeSpan MaxCacheTime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Clock skew tolerated on a token's <c>iat</c>. Default 1 minute.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest decompressed list accepted.</summary>
    public int MaxListBytes { get; init; } = StatusList.DefaultMaxBytes;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentNullException.ThrowIfNull(TrustedKeys);
        if (MinCacheTime <= TimeSpan.Zero || MaxCacheTime < MinCacheTime || DefaultCacheTime < MinCacheTime || DefaultCacheTime > MaxCacheTime)
        {
            throw new ArgumentException("The cache times must satisfy 0 < MinCacheTime <= DefaultCacheTime <= MaxCacheTime.", nameof(MinCacheTime));
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromHours(1))
        {
            throw new ArgumentException("ClockSkew is between 0 and 1 hour.", nameof(ClockSkew));
        }
    }
}
