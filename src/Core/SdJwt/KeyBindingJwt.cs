using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.SdJwt;

/// <summary>
/// A Key Binding JWT (RFC 9901 §4.3): signed by the holder's key (<c>cnf.jwk</c>), with <c>typ</c> <c>kb+jwt</c> and
/// the claims <c>iat</c>, <c>aud</c> (one string), <c>nonce</c> and <c>sd_hash</c> — the digest of the presentation it
/// was made for, up to and including the last <c>~</c> — and, when present, <c>exp</c> and <c>nbf</c> (RFC 7519
/// §4.1.4–4.1.5). Parsing checks the shape; the verifier checks the values.
/// </summary>
public sealed class KeyBindingJwt
{
    /// <summary>The <c>typ</c> of a KB-JWT.</summary>
    public const string MediaType = "kb+jwt";

    private readonly JsonObject _payload;

    private KeyBindingJwt(CompactJws jws, JsonObject payload, string audience, string nonce, string sdHash, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, DateTimeOffset? notBefore)
    {
        ExpiresAt = expiresAt;
        NotBefore = notBefore;
        Jws = jws;
        _payload = payload;
        Audience = audience;
        Nonce = nonce;
        SdHash = sdHash;
        IssuedAt = issuedAt;
    }

    /// <summary>The KB-JWT as a compact JWS, as received.</summary>
    public CompactJws Jws { get; }

    /// <summary>The compact text.</summary>
    public string Text => Jws.Text;

    /// <summary>The <c>aud</c> claim.</summary>
    public string Audience { get; }

    /// <summary>The <c>nonce</c> claim.</summary>
    public string Nonce { get; }

    /// <summary>The <c>sd_hash</c> claim.</summary>
    public string SdHash { get; }

    /// <summary>The <c>iat</c> claim.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The <c>exp</c> claim, when present: the KB-JWT must not be accepted at or after it (RFC 7519 §4.1.4).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The <c>nbf</c> claim, when present: the KB-JWT must not be accepted before it (RFC 7519 §4.1.5).</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>Parses a KB-JWT.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="options">Bounds for the JSON; defaults when null.</param>
    /// <returns>The KB-JWT.</returns>
    /// <exception cref="CredentialFormatException">
    /// The text is not a compact JWS with a supported algorithm (JOSE codes), its claims are missing or of the wrong
    /// type (code <see cref="SdJwtFailureCodes.KeyBindingMalformed"/>), or <c>exp</c> or <c>nbf</c> is present and not a
    /// NumericDate (code <see cref="SdJwtFailureCodes.KeyBindingValidityClaimMalformed"/>).
    /// </exception>
    public static KeyBindingJwt Parse(string text, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var jws = CompactJws.Parse(text, options);
        JsonObject payload;
        try
        {
            payload = jws.ReadPayloadObject(options);
        }
        catch (CredentialFormatException e)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.KeyBindingMalformed, "The KB-JWT payload is not a JSON object (" + e.Code + ").", e);
        }

        var audience = RequiredString(payload, "aud");
        var nonce = RequiredString(payload, "nonce");
        var sdHash = RequiredString(payload, "sd_hash");
        if (!payload.TryGetPropertyValue("iat", out var iat) || !JwtNumericDate.TryRead(iat, out var issuedAt))
        {
            throw Malformed("The KB-JWT claim 'iat' is missing or not a NumericDate.");
        }

        return new KeyBindingJwt(jws, payload, audience, nonce, sdHash, issuedAt, OptionalDate(payload, "exp"), OptionalDate(payload, "nbf"));
    }

    /// <summary>Parses a KB-JWT without throwing.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="keyBinding">The KB-JWT, when parsing succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds for the JSON.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out KeyBindingJwt? keyBinding, [NotNullWhen(false)] out CredentialFormatException? error, StrictJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CredentialFormatException.Try(() => Parse(text, options), out keyBinding, out error);
    }

    /// <summary>
    /// Creates a KB-JWT for a presentation: <c>sd_hash</c> is computed over <see cref="SelectiveDisclosureJwt.SerializeWithoutKeyBinding"/>
    /// (including the trailing <c>~</c>) with the SD-JWT's <c>_sd_alg</c>, and the JWS is signed by <paramref name="holderSigner"/>.
    /// </summary>
    /// <param name="presentation">The SD-JWT with the Disclosures to present (a KB-JWT it already carries is ignored).</param>
    /// <param name="audience">The verifier, as <c>aud</c>.</param>
    /// <param name="nonce">The verifier's nonce.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="holderSigner">The holder's key, matching <c>cnf.jwk</c>.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The KB-JWT.</returns>
    /// <exception cref="InvalidOperationException">The SD-JWT's <c>_sd_alg</c> is not supported.</exception>
    public static async ValueTask<KeyBindingJwt> CreateAsync(SelectiveDisclosureJwt presentation, string audience, string nonce, DateTimeOffset issuedAt, ISigner holderSigner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(holderSigner);
        var algorithm = presentation.HashAlgorithm ?? throw new InvalidOperationException("The SD-JWT's _sd_alg is not a supported hash algorithm.");
        var payload = new JsonObject
        {
            ["iat"] = JwtNumericDate.ToNode(issuedAt),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = presentation.ComputeSdHash(algorithm),
        };
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = MediaType }, payload, holderSigner, cancellationToken).ConfigureAwait(false);
        return Parse(jws.Text);
    }

    /// <summary>A copy of the claims.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject GetPayload() => (JsonObject)_payload.DeepClone();

    /// <summary>Verifies the signature with the holder's public key.</summary>
    /// <param name="holderKey">The key from <c>cnf.jwk</c>.</param>
    /// <returns>Whether the signature is valid.</returns>
    public bool VerifySignature(CoseKey holderKey) => Jws.VerifySignature(holderKey);

    /// <summary>The compact text.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;

    private static string RequiredString(JsonObject payload, string name) =>
        payload.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Malformed($"The KB-JWT claim '{name}' is missing or not a string.");

    private static DateTimeOffset? OptionalDate(JsonObject payload, string name)
    {
        if (!payload.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        return JwtNumericDate.TryRead(node, out var value)
            ? value
            : throw new CredentialFormatException(SdJwtFailureCodes.KeyBindingValidityClaimMalformed, $"The KB-JWT claim '{name}' is not a NumericDate.");
    }

    private static CredentialFormatException Malformed(string message) => new(SdJwtFailureCodes.KeyBindingMalformed, message);
}
