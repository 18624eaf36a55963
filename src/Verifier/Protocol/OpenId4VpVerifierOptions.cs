using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Verifier.Protocol;

/// <summary>How an OpenID4VP verifier service presents itself and what it accepts.</summary>
public sealed record OpenId4VpVerifierOptions
{
    /// <summary>The service's public base URL (https; http only on loopback): the request object is served under <c>/request/</c>, responses are posted under <c>/response/</c>.</summary>
    public required Uri BaseUri { get; init; }

    /// <summary>The key of the verifier's certificate (the registrar-issued reader certificate); it signs every request object.</summary>
    public required ISigner Signer { get; init; }

    /// <summary>The verifier's certificate chain (DER), leaf first; sent in <c>x5c</c>.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; }

    /// <summary>A DNS name of the leaf certificate to use the <c>x509_san_dns</c> client identifier prefix; null for <c>x509_hash</c> (the default, as HAIP requires).</summary>
    public string? DnsName { get; init; }

    /// <summary>How long a wallet may answer a transaction (default 10 minutes).</summary>
    public TimeSpan TransactionLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The response mode of a transaction that names none (default <c>direct_post.jwt</c>).</summary>
    public string DefaultResponseMode { get; init; } = OpenId4VpRequest.DirectPostJwt;

    /// <summary>The content encryptions accepted for <c>direct_post.jwt</c> (default A128GCM and A256GCM, as HAIP requires).</summary>
    public IReadOnlyList<string> EncryptionValues { get; init; } = [JweAlgorithms.A128Gcm, JweAlgorithms.A256Gcm];

    /// <summary>The longest response body read, in bytes (default 1 MiB).</summary>
    public int MaxResponseBody { get; init; } = 1024 * 1024;

    /// <summary>
    /// Where a same-device wallet is sent back once it answered, e.g. the verifier's page; the service appends
    /// <c>#response_code=…</c>, a single-use code the page exchanges for the result. Null to send the wallet nowhere.
    /// </summary>
    public Uri? RedirectUri { get; init; }

    /// <summary>
    /// The web origins of the verifier's own pages that ask over the W3C Digital Credentials API (for example
    /// <c>https://agency.example.jp</c>): a signed DC API request names them in <c>expected_origins</c>, and an answer is
    /// accepted only bound to one of them. Empty: no DC API.
    /// </summary>
    public IReadOnlyList<string> DcApiOrigins { get; init; } = [];

    /// <summary>
    /// How long a transaction is kept after it expired — its result with the verified elements included — before
    /// <see cref="OpenId4VpVerifier.PurgeAsync"/> removes it (default one hour): long enough for the requesting system
    /// to read the result, and no longer.
    /// </summary>
    public TimeSpan ResultRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    internal void Validate()
    {
        if (!OpenId4VpRequestLink.IsHttpsOrLoopback(BaseUri))
        {
            throw new ArgumentException("The base URI is https (plain http only on loopback).", nameof(BaseUri));
        }

        if (CertificateChain.Count == 0)
        {
            throw new ArgumentException("The verifier needs its certificate chain.", nameof(CertificateChain));
        }

        if (TransactionLifetime <= TimeSpan.Zero || TransactionLifetime > TimeSpan.FromDays(1))
        {
            throw new ArgumentException("A transaction lives more than zero and at most a day.", nameof(TransactionLifetime));
        }

        if (DefaultResponseMode is not (OpenId4VpRequest.DirectPost or OpenId4VpRequest.DirectPostJwt))
        {
            throw new ArgumentException("The default response mode is direct_post or direct_post.jwt.", nameof(DefaultResponseMode));
        }

        if (EncryptionValues.Count == 0 || EncryptionValues.Any(v => v is not (JweAlgorithms.A128Gcm or JweAlgorithms.A256Gcm)))
        {
            throw new ArgumentException("The encryptions are A128GCM and A256GCM.", nameof(EncryptionValues));
        }

        if (DcApiOrigins.Any(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != o || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            throw new ArgumentException("A DC API origin is an https origin (scheme, host and port, no path), plain http only on loopback.", nameof(DcApiOrigins));
        }

        if (ResultRetention < TimeSpan.Zero || ResultRetention > TimeSpan.FromDays(30))
        {
            throw new ArgumentException("Results are kept from zero to 30 days after their transaction expired.", nameof(ResultRetention));
        }

        if (MaxResponseBody < 1024)
        {
            throw new ArgumentException("The response body limit is at least 1 KiB.", nameof(MaxResponseBody));
        }
    }
}
