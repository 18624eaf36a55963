using System.Diagnostics.CodeAnalysis;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;

namespace Honnin.StatusLists;

/// <summary>
/// A Status List Token in CWT form (draft-ietf-oauth-status-list §5.2): a tagged COSE_Sign1 whose protected header
/// names <c>typ</c> <c>application/statuslist+cwt</c>, and whose payload is the claims set <c>2</c> (<c>sub</c>), <c>6</c>
/// (<c>iat</c>), optional <c>4</c> (<c>exp</c>) and <c>65534</c> (<c>ttl</c>), and <c>65533</c> (<c>status_list</c>:
/// <c>{"bits": n, "lst": bstr}</c>). Parsing checks the shape; <see cref="VerifySignature"/> and
/// <see cref="TryGetStatus"/> do the rest, as for <see cref="StatusListToken"/>.
/// </summary>
public sealed class StatusListCwt
{
    /// <summary>The <c>typ</c> of a Status List Token CWT.</summary>
    public const string MediaType = "application/statuslist+cwt";

    /// <summary>The CWT claim key of <c>status_list</c>.</summary>
    public const long StatusListClaim = 65533;

    /// <summary>The CWT claim key of <c>ttl</c>.</summary>
    public const long TimeToLiveClaim = 65534;

    private const long SubjectClaim = 2;
    private const long ExpiresClaim = 4;
    private const long IssuedAtClaim = 6;

    private StatusListCwt(ReadOnlyMemory<byte> encoded, CoseSign1Message message, string subject, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, long? timeToLive, StatusList list)
    {
        Encoded = encoded;
        Message = message;
        Subject = subject;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        TimeToLive = timeToLive;
        StatusList = list;
    }

    /// <summary>The COSE_Sign1, as received.</summary>
    public CoseSign1Message Message { get; }

    /// <summary>The token's bytes, as received or as created (a tagged COSE_Sign1).</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The <c>sub</c>: the URI Referenced Tokens point at.</summary>
    public string Subject { get; }

    /// <summary>The <c>iat</c>.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The <c>exp</c>, if any.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The <c>ttl</c> in seconds, if any.</summary>
    public long? TimeToLive { get; }

    /// <summary>The list.</summary>
    public StatusList StatusList { get; }

    /// <summary>Reads a Status List Token CWT.</summary>
    /// <param name="encoded">The token (tagged or untagged COSE_Sign1).</param>
    /// <param name="maxListBytes">The largest decompressed list accepted.</param>
    /// <returns>The token.</returns>
    /// <exception cref="CredentialFormatException">The token is not a Status List Token CWT (code <see cref="StatusListFailureCodes.Malformed"/>, or a COSE/CBOR code for the structure).</exception>
    public static StatusListCwt Parse(ReadOnlyMemory<byte> encoded, int maxListBytes = StatusList.DefaultMaxBytes)
    {
        var message = CoseSign1Message.Decode(encoded);
        if (!message.Headers.Protected.TryGetValue(CoseHeaderLabels.Type, out var type) || type is not CborTextString { Value: MediaType })
        {
            throw Malformed($"The token's protected header does not name typ '{MediaType}'.");
        }

        if (message.Payload is not { } payload || CborDecoder.Decode(payload) is not CborMap claims)
        {
            throw Malformed("The token's payload is not a CWT claims set.");
        }

        var subject = claims.TryGetValue(SubjectClaim, out var sub) && sub is CborTextString text ? text.Value : throw Malformed("The token has no sub text.");
        var issuedAt = Time(claims, IssuedAtClaim) ?? throw Malformed("The token has no iat.");
        var expiresAt = Time(claims, ExpiresClaim);
        long? timeToLive = null;
        if (claims.TryGetValue(TimeToLiveClaim, out var ttl))
        {
            timeToLive = ttl is CborInteger { FitsInt64: true } seconds && (long)seconds.Value > 0 ? (long)seconds.Value : throw Malformed("The token's ttl is not a positive integer.");
        }

        if (!claims.TryGetValue(StatusListClaim, out var listValue) || listValue is not CborMap list
            || !list.TryGetValue("bits", out var bits) || bits is not CborInteger { FitsInt64: true } bitCount || (long)bitCount.Value is not (1 or 2 or 4 or 8)
            || !list.TryGetValue("lst", out var lst) || lst is not CborByteString compressed)
        {
            throw Malformed("The token's status_list is not {bits: 1|2|4|8, lst: bytes}.");
        }

        return new StatusListCwt(encoded.ToArray(), message, subject, issuedAt, expiresAt, timeToLive, StatusList.FromCompressed((int)bitCount.Value, compressed.Value.Span, maxListBytes));
    }

    /// <summary>Reads a Status List Token CWT without throwing.</summary>
    /// <param name="encoded">The token.</param>
    /// <param name="token">The token, when it reads.</param>
    /// <param name="error">Why it does not.</param>
    /// <returns>Whether it reads.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> encoded, [NotNullWhen(true)] out StatusListCwt? token, [NotNullWhen(false)] out CredentialFormatException? error) =>
        CredentialFormatException.Try(() => Parse(encoded), out token, out error);

    /// <summary>Creates and signs a Status List Token CWT, for a status issuer.</summary>
    /// <param name="list">The list.</param>
    /// <param name="subject">The <c>sub</c>: the URI Referenced Tokens point at.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="signer">The status issuer's signer.</param>
    /// <param name="expiresAt">An optional <c>exp</c>.</param>
    /// <param name="timeToLive">An optional <c>ttl</c>, in seconds.</param>
    /// <param name="unprotectedHeaders">Unprotected headers, e.g. <c>kid</c> or <c>x5chain</c>.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The token.</returns>
    public static async Task<StatusListCwt> CreateAsync(StatusList list, string subject, DateTimeOffset issuedAt, ISigner signer, DateTimeOffset? expiresAt = null, long? timeToLive = null, CborMap? unprotectedHeaders = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(signer);
        var payload = Claims(subject, issuedAt, expiresAt, timeToLive, list.Bits, list.Compress());
        var message = await CoseSign1Message.CreateAsync(signer, payload.EncodedBytes, CosePayloadMode.Embedded, CborMap.FromLabels((CoseHeaderLabels.Type, new CborTextString(MediaType))), unprotectedHeaders, cancellationToken).ConfigureAwait(false);
        return Parse(new CborTaggedValue(CoseSign1Message.Tag, message.Encoded).EncodedBytes);
    }

    /// <summary>
    /// The CWT claims set of a Status List Token, in the draft's order (<c>sub</c>, <c>iat</c>, <c>exp</c>, <c>ttl</c>,
    /// <c>status_list</c>).
    /// </summary>
    /// <param name="subject">The <c>sub</c>.</param>
    /// <param name="issuedAt">The <c>iat</c>.</param>
    /// <param name="expiresAt">The <c>exp</c>, or null.</param>
    /// <param name="timeToLive">The <c>ttl</c> in seconds, or null.</param>
    /// <param name="bits">Bits per status.</param>
    /// <param name="compressedList">The ZLIB-compressed list.</param>
    /// <returns>The claims set.</returns>
    public static CborMap Claims(string subject, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, long? timeToLive, int bits, ReadOnlyMemory<byte> compressedList)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var entries = new List<(long, CborValue)> { (SubjectClaim, new CborTextString(subject)), (IssuedAtClaim, new CborInteger(issuedAt.ToUnixTimeSeconds())) };
        if (expiresAt is { } exp)
        {
            entries.Add((ExpiresClaim, new CborInteger(exp.ToUnixTimeSeconds())));
        }

        if (timeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ttl, nameof(timeToLive));
            entries.Add((TimeToLiveClaim, new CborInteger(ttl)));
        }

        entries.Add((StatusListClaim, CborMap.FromText(("bits", new CborInteger(bits)), ("lst", new CborByteString(compressedList)))));
        return CborMap.FromLabels([.. entries]);
    }

    /// <summary>Verifies the token's signature.</summary>
    /// <param name="key">The status issuer's public key.</param>
    /// <returns>Whether the signature is valid.</returns>
    public bool VerifySignature(CoseKey key) => Message.VerifySignature(key);

    /// <summary>The status of a Referenced Token, when the reference points at this list.</summary>
    /// <param name="reference">The credential's reference.</param>
    /// <param name="status">Its status value.</param>
    /// <returns>False when the reference names another list or an index outside it.</returns>
    public bool TryGetStatus(StatusListReference reference, out int status)
    {
        ArgumentNullException.ThrowIfNull(reference);
        status = 0;
        return reference.Uri == Subject && StatusList.TryGetStatus(reference.Index, out status);
    }

    private static DateTimeOffset? Time(CborMap claims, long key) =>
        !claims.TryGetValue(key, out var value) ? null
        : value is CborInteger { FitsInt64: true } seconds && (long)seconds.Value is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds((long)seconds.Value)
        : throw Malformed($"The token's claim {key} is not a time.");

    private static CredentialFormatException Malformed(string message) => new(StatusListFailureCodes.Malformed, message);
}
