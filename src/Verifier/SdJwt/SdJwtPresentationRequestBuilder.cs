using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt;

/// <summary>
/// Creates a verifier's signed request for an SD-JWT VC presentation (<see cref="SdJwtPresentationRequest"/>): the
/// credential type and claims asked for, those the verifier keeps, the audience and nonce the key-binding JWT must
/// carry, <c>iat</c> and <c>exp</c>, and the verifier's registered certificate chain in <c>x5c</c>. What it returns is
/// read back with <see cref="SdJwtPresentationRequest.Parse"/>, so a created request is exactly what a wallet receives.
/// </summary>
public static class SdJwtPresentationRequestBuilder
{
    /// <summary>The lifetime <see cref="CreateAsync"/> gives a request unless told otherwise: 5 minutes.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Creates and signs a request.</summary>
    /// <param name="vct">The requested credential type.</param>
    /// <param name="claims">The requested claims.</param>
    /// <param name="retain">Those of them the verifier will keep.</param>
    /// <param name="audience">The verifier's client identifier, the KB-JWT <c>aud</c>: <c>x509_hash:</c> with the base64url SHA-256 of its certificate, or <c>x509_san_dns:</c> with one of its DNS names.</param>
    /// <param name="nonce">A fresh nonce.</param>
    /// <param name="signer">The verifier's key.</param>
    /// <param name="certificateChain">The verifier's certificate (DER) first; its registration travels in it.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="lifetime">How long the request can be answered (<c>exp</c> − <c>iat</c>); <see cref="DefaultLifetime"/> when null.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">An argument is empty, or a retained claim is not requested.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive.</exception>
    public static async Task<SdJwtPresentationRequest> CreateAsync(
        string vct,
        IReadOnlyList<ClaimPath> claims,
        IReadOnlyList<ClaimPath> retain,
        string audience,
        string nonce,
        ISigner signer,
        IReadOnlyList<ReadOnlyMemory<byte>> certificateChain,
        DateTimeOffset issuedAt,
        TimeSpan? lifetime = null,
        CancellationToken cancellationToken = default)
    {
        var validFor = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validFor, TimeSpan.Zero, nameof(lifetime));
        ArgumentException.ThrowIfNullOrEmpty(vct);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(retain);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(certificateChain);
        if (claims.Count == 0 || retain.Any(r => !claims.Contains(r)))
        {
            throw new ArgumentException("Request at least one claim, and retain only requested claims.", nameof(retain));
        }

        var header = new JsonObject { ["typ"] = SdJwtPresentationRequest.MediaType };
        if (certificateChain.Count > 0)
        {
            header["x5c"] = new JsonArray([.. certificateChain.Select(c => (JsonNode)JsonValue.Create(Convert.ToBase64String(c.Span))!)]);
        }

        var payload = new JsonObject
        {
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["iat"] = JwtNumericDate.ToNode(issuedAt),
            ["exp"] = JwtNumericDate.ToNode(issuedAt + validFor),
            ["vct"] = vct,
            ["claims"] = new JsonArray([.. claims.Select(c => (JsonNode)JsonValue.Create(c.ToString())!)]),
            ["retain"] = new JsonArray([.. retain.Select(c => (JsonNode)JsonValue.Create(c.ToString())!)]),
        };
        var jws = await CompactJws.CreateAsync(header, payload, signer, cancellationToken).ConfigureAwait(false);
        return SdJwtPresentationRequest.Parse(jws.Text);
    }
}
