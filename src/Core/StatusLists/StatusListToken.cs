using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.StatusLists;

/// <summary>
/// A Status List Token in JWT form (draft-ietf-oauth-status-list §5.1): <c>typ</c> <c>statuslist+jwt</c>, claims
/// <c>sub</c> (the URI Referenced Tokens point at), <c>iat</c>, optional <c>exp</c> and <c>ttl</c>, and
/// <c>status_list</c>. Parsing checks the shape; <see cref="VerifySignature"/> and <see cref="TryGetStatus"/> do the rest.
/// </summary>
public sealed class StatusListToken
{
    /// <summary>The <c>typ</c> of a Status List Token JWT.</summary>
    public const string MediaType = "statuslist+jwt";

    private StatusListToken(CompactJws jws, string subject, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, long? timeToLive, StatusList list)
    {
        Jws = jws;
        Subject = subject;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        TimeToLive = timeToLive;
        StatusList = list;
    }

    /// <summary>The token, as received.</summary>
    public CompactJws Jws { get; }

    /// <summary>The <c>sub</c>: the URI of this list.</summary>
    public string Subject { get; }

    /// <summary>The <c>iat</c>.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The <c>exp</c>, when present.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The <c>ttl</c> in seconds, when present.</summary>
    public long? TimeToLive { get; }

    /// <summary>The decoded list.</summary>
    public StatusList StatusList { get; }

    /// <summary>Parses a Status List Token JWT.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="maxListBytes">The largest decompressed list accepted.</param>
    /// <returns>The token.</returns>
    /// <exception cref="CredentialFormatException">The text is not a Status List Token (code <see cref="StatusListFailureCodes.Malformed"/>, or a JOSE code).</exception>
    public static StatusListToken Parse(string text, int maxListBytes = StatusList.DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        var jws = CompactJws.Parse(text);
        if (jws.Type != MediaType)
        {
            throw Malformed("The Status List Token typ is not 'statuslist+jwt'.");
        }

        var payload = jws.ReadPayloadObject();
        if (payload["sub"] is not JsonValue sub || sub.GetValueKind() != JsonValueKind.String)
        {
            throw Malformed("The Status List Token has no string 'sub'.");
        }

        if (!JwtNumericDate.TryRead(payload["iat"], out var issuedAt))
        {
            throw Malformed("The Status List Token has no NumericDate 'iat'.");
        }

        DateTimeOffset? expiresAt = null;
        if (payload.ContainsKey("exp"))
        {
            expiresAt = JwtNumericDate.TryRead(payload["exp"], out var exp) ? exp : throw Malformed("The Status List Token 'exp' is not a NumericDate.");
        }

        long? ttl = null;
        if (payload.ContainsKey("ttl"))
        {
            ttl = payload["ttl"] is JsonValue t && t.GetValueKind() == JsonValueKind.Number && t.TryGetValue<long>(out var seconds) && seconds > 0
                ? seconds
                : throw Malformed("The Status List Token 'ttl' is not a positive integer.");
        }

        var list = payload["status_list"] as JsonObject ?? throw Malformed("The Status List Token has no 'status_list' object.");
        return new StatusListToken(jws, sub.GetValue<string>(), issuedAt, expiresAt, ttl, StatusList.Decode(list, maxListBytes));
    }

    /// <summary>Parses a Status List Token JWT without throwing.</summary>
    /// <param name="text">The compact JWS.</param>
    /// <param name="token">The token, when parsing succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out StatusListToken? token, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CredentialFormatException.Try(() => Parse(text), out token, out error);
    }

    /// <summary>Creates and signs a Status List Token JWT, for a status issuer.</summary>
    /// <param name="list">The list.</param>
    /// <param name="subject">The <c>sub</c>: the URI Referenced Tokens point at.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="signer">The status issuer's signer.</param>
    /// <param name="expiresAt">An optional <c>exp</c>.</param>
    /// <param name="timeToLive">An optional <c>ttl</c>, in seconds.</param>
    /// <param name="header">Further header parameters, e.g. <c>x5c</c> with the status issuer's certificate chain.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The token.</returns>
    public static async ValueTask<StatusListToken> CreateAsync(StatusList list, string subject, DateTimeOffset issuedAt, ISigner signer, DateTimeOffset? expiresAt = null, long? timeToLive = null, JsonObject? header = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signer);
        var payload = new JsonObject { ["sub"] = subject, ["iat"] = JwtNumericDate.ToNode(issuedAt) };
        if (expiresAt is { } exp)
        {
            payload["exp"] = JwtNumericDate.ToNode(exp);
        }

        if (timeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ttl, nameof(timeToLive));
            payload["ttl"] = ttl;
        }

        payload["status_list"] = list.ToJsonObject();
        var fullHeader = (JsonObject?)header?.DeepClone() ?? [];
        fullHeader["typ"] = MediaType;
        var jws = await CompactJws.CreateAsync(fullHeader, payload, signer, cancellationToken).ConfigureAwait(false);
        return Parse(jws.Text);
    }

    /// <summary>Verifies the token's signature.</summary>
    /// <param name="key">The status issuer's public key.</param>
    /// <returns>Whether the signature is valid.</returns>
    public bool VerifySignature(CoseKey key) => Jws.VerifySignature(key);

    /// <summary>The status a Referenced Token points at.</summary>
    /// <param name="reference">The Referenced Token's <c>status.status_list</c>.</param>
    /// <param name="status">The status value.</param>
    /// <returns>False when the reference's <c>uri</c> is not this token's <c>sub</c>, or its index is outside the list.</returns>
    public bool TryGetStatus(StatusListReference reference, out int status)
    {
        ArgumentNullException.ThrowIfNull(reference);
        status = 0;
        return reference.Uri == Subject && StatusList.TryGetStatus(reference.Index, out status);
    }

    private static CredentialFormatException Malformed(string message) => new(StatusListFailureCodes.Malformed, message);
}
