using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.SdJwt;

/// <summary>
/// A verifier's request for an SD-JWT VC presentation: which credential type and claims it asks for, which it will keep,
/// and the audience and nonce the key-binding JWT must carry. It travels as a JWS (<c>typ</c>
/// <see cref="MediaType"/>) signed with the verifier's key, with the verifier's (registered) certificate chain in
/// <c>x5c</c> — the same certificate mdoc readerAuth uses — so the wallet can identify the verifier and read its
/// registration. It carries <c>iat</c> and <c>exp</c> so a wallet refuses a captured request later, and its <c>aud</c>
/// is the verifier's client identifier (<c>x509_hash:…</c> or <c>x509_san_dns:…</c> of the signing certificate), which
/// the wallet checks against the certificate. This is Honnin's compact form of what an OpenID4VP request object with a
/// DCQL query carries (<see cref="OpenId4Vc.OpenId4VpRequest"/>), kept for exchanges without a network (files, a kiosk),
/// where no request object can be fetched and no response posted; anything networked uses OpenID4VP. A verifier creates
/// one with <c>Honnin.Verifier.SdJwt.SdJwtPresentationRequestBuilder</c>.
/// </summary>
public sealed class SdJwtPresentationRequest
{
    /// <summary>The JWS <c>typ</c> of a request.</summary>
    public const string MediaType = "honnin-presentation-request+jwt";

    private SdJwtPresentationRequest(CompactJws jws, string vct, IReadOnlyList<ClaimPath> claims, IReadOnlyList<ClaimPath> retain, string audience, string nonce, DateTimeOffset? issuedAt, DateTimeOffset? expiresAt)
    {
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        Jws = jws;
        Vct = vct;
        Claims = claims;
        Retain = retain;
        Audience = audience;
        Nonce = nonce;
    }

    /// <summary>The signed request as received or created.</summary>
    public CompactJws Jws { get; }

    /// <summary>The requested credential type.</summary>
    public string Vct { get; }

    /// <summary>The requested claims.</summary>
    public IReadOnlyList<ClaimPath> Claims { get; }

    /// <summary>The requested claims the verifier intends to keep.</summary>
    public IReadOnlyList<ClaimPath> Retain { get; }

    /// <summary>The audience the key-binding JWT must name (the verifier's identifier).</summary>
    public string Audience { get; }

    /// <summary>The nonce the key-binding JWT must carry.</summary>
    public string Nonce { get; }

    /// <summary>When the verifier made the request (<c>iat</c>), if it says; a wallet refuses a request without it.</summary>
    public DateTimeOffset? IssuedAt { get; }

    /// <summary>When the request stops being answerable (<c>exp</c>), if it says; a wallet refuses a request without it.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Reads a request (its signature is checked by the wallet against the certificate chain).</summary>
    /// <param name="text">The compact JWS.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CredentialFormatException">The text is not a well-formed request.</exception>
    public static SdJwtPresentationRequest Parse(string text)
    {
        var jws = CompactJws.Parse(text);
        if (jws.Type != MediaType)
        {
            throw Malformed($"The request's typ is not {MediaType}.");
        }

        var payload = jws.ReadPayloadObject();
        var vct = Text(payload, "vct");
        var claims = Paths(payload, "claims");
        var retain = Paths(payload, "retain");
        if (claims.Count == 0 || retain.Any(r => !claims.Contains(r)))
        {
            throw Malformed("The request asks for no claim, or retains a claim it does not request.");
        }

        return new SdJwtPresentationRequest(jws, vct, claims, retain, Text(payload, "aud"), Text(payload, "nonce"), Time(payload, "iat"), Time(payload, "exp"));
    }

    /// <summary>Reads a request without throwing.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="request">The request, when well formed.</param>
    /// <param name="error">The failure, otherwise.</param>
    /// <returns>Whether it was read.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out SdJwtPresentationRequest? request, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        return CredentialFormatException.Try(() => Parse(text), out request, out error);
    }

    /// <summary>The compact JWS.</summary>
    public override string ToString() => Jws.Text;

    private static string Text(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw Malformed($"The request has no '{name}' text.");

    private static DateTimeOffset? Time(JsonObject payload, string name)
    {
        if (!payload.ContainsKey(name))
        {
            return null;
        }

        return JwtNumericDate.TryRead(payload[name], out var time) ? time : throw Malformed($"The request's '{name}' is not a NumericDate.");
    }

    private static List<ClaimPath> Paths(JsonObject payload, string name)
    {
        if (payload[name] is not JsonArray array || array.Count > 256)
        {
            throw Malformed($"The request's '{name}' is not an array of at most 256 claim paths.");
        }

        var paths = new List<ClaimPath>();
        foreach (var item in array)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var text) || !ClaimPath.TryParse(text, out var path))
            {
                throw Malformed($"An entry of the request's '{name}' is not a claim path.");
            }

            paths.Add(path);
        }

        return paths;
    }

    private static CredentialFormatException Malformed(string message) => new(SdJwtFailureCodes.Malformed, message);
}
