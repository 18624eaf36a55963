using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;

namespace Honnin.Mdoc;

/// <summary>
/// The handover information that OpenID4VP 1.0 (Appendix B.2.6) binds into an mdoc SessionTranscript through its
/// SHA-256 hash: <c>OpenID4VPHandoverInfo = [clientId, nonce, jwkThumbprint / null, responseUri]</c> when the wallet is
/// invoked by redirects, and <c>OpenID4VPDCAPIHandoverInfo = [origin, nonce, jwkThumbprint / null]</c> when it is
/// invoked through the Digital Credentials API. The transcript's Handover is <c>[<see cref="HandoverIdentifier"/>,
/// <see cref="Hash"/>]</c>; see <see cref="SessionTranscript.ForOpenId4Vp"/> and
/// <see cref="SessionTranscript.ForOpenId4VpDcApi"/>.
/// </summary>
public sealed class OpenId4VpHandoverInfo
{
    /// <summary>The first element of the Handover when the wallet is invoked by redirects.</summary>
    public const string RedirectHandoverIdentifier = "OpenID4VPHandover";

    /// <summary>The first element of the Handover when the wallet is invoked through the Digital Credentials API.</summary>
    public const string DcApiHandoverIdentifier = "OpenID4VPDCAPIHandover";

    /// <summary>The length of a JWK SHA-256 thumbprint (RFC 7638), in bytes.</summary>
    public const int JwkThumbprintLength = 32;

    private const string OriginPrefix = "origin:";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _encoded;
    private readonly byte[] _hash;

    private OpenId4VpHandoverInfo(string handoverIdentifier, byte[] encoded)
    {
        HandoverIdentifier = handoverIdentifier;
        _encoded = encoded;
        _hash = SHA256.HashData(encoded);
    }

    /// <summary>
    /// The identifier that heads the Handover: <see cref="RedirectHandoverIdentifier"/> or
    /// <see cref="DcApiHandoverIdentifier"/>.
    /// </summary>
    public string HandoverIdentifier { get; }

    /// <summary>
    /// The encoded handover information (<c>OpenID4VPHandoverInfoBytes</c> or <c>OpenID4VPDCAPIHandoverInfoBytes</c>):
    /// the bytes that are hashed.
    /// </summary>
    public ReadOnlyMemory<byte> EncodedBytes => _encoded;

    /// <summary>The SHA-256 hash of <see cref="EncodedBytes"/>, the second element of the Handover.</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    /// <summary>
    /// Builds <c>OpenID4VPHandoverInfo = [clientId, nonce, jwkThumbprint / null, responseUri]</c> for a wallet invoked by
    /// redirects.
    /// </summary>
    /// <param name="clientId">
    /// The <c>client_id</c> of the request, including its Client Identifier Prefix (e.g. <c>x509_san_dns:example.com</c>),
    /// exactly as the (signed) request gives it.
    /// </param>
    /// <param name="nonce">The <c>nonce</c> of the request.</param>
    /// <param name="jwkThumbprint">
    /// The 32-byte RFC 7638 SHA-256 thumbprint of the verifier key the response is encrypted to
    /// (<c>direct_post.jwt</c>), or null when the response is not encrypted.
    /// </param>
    /// <param name="responseUri">
    /// The <c>response_uri</c> of the request, or its <c>redirect_uri</c> when the response mode uses that instead.
    /// </param>
    /// <returns>The handover information.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientId"/>, <paramref name="nonce"/> or <paramref name="responseUri"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="clientId"/>, <paramref name="nonce"/> or <paramref name="responseUri"/> is empty or not valid
    /// UTF-16, or <paramref name="jwkThumbprint"/> is not 32 bytes long.
    /// </exception>
    public static OpenId4VpHandoverInfo ForRedirect(string clientId, string nonce, ReadOnlyMemory<byte>? jwkThumbprint, string responseUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentException.ThrowIfNullOrEmpty(responseUri);
        CheckText(clientId, nameof(clientId));
        CheckText(nonce, nameof(nonce));
        CheckText(responseUri, nameof(responseUri));
        CheckThumbprint(jwkThumbprint);

        var writer = SessionTranscript.CreateWriter();
        writer.WriteStartArray(4);
        writer.WriteTextString(clientId);
        writer.WriteTextString(nonce);
        WriteThumbprint(writer, jwkThumbprint);
        writer.WriteTextString(responseUri);
        writer.WriteEndArray();
        return new OpenId4VpHandoverInfo(RedirectHandoverIdentifier, writer.Encode());
    }

    /// <summary>
    /// Builds <c>OpenID4VPDCAPIHandoverInfo = [origin, nonce, jwkThumbprint / null]</c> for a wallet invoked through the
    /// Digital Credentials API.
    /// </summary>
    /// <param name="origin">
    /// The origin of the verifier as the platform reports it (e.g. <c>https://example.com</c>), without the
    /// <c>origin:</c> prefix that the <c>client_id</c> of an unsigned request carries.
    /// </param>
    /// <param name="nonce">The <c>nonce</c> of the request.</param>
    /// <param name="jwkThumbprint">
    /// The 32-byte RFC 7638 SHA-256 thumbprint of the verifier key the response is encrypted to (<c>dc_api.jwt</c>),
    /// or null when the response is not encrypted (<c>dc_api</c>).
    /// </param>
    /// <returns>The handover information.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="origin"/> or <paramref name="nonce"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="origin"/> or <paramref name="nonce"/> is empty or not valid UTF-16, <paramref name="origin"/>
    /// starts with <c>origin:</c>, or <paramref name="jwkThumbprint"/> is not 32 bytes long.
    /// </exception>
    public static OpenId4VpHandoverInfo ForDcApi(string origin, string nonce, ReadOnlyMemory<byte>? jwkThumbprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(origin);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (origin.StartsWith(OriginPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("The origin is given without the 'origin:' Client Identifier Prefix.", nameof(origin));
        }

        CheckText(origin, nameof(origin));
        CheckText(nonce, nameof(nonce));
        CheckThumbprint(jwkThumbprint);

        var writer = SessionTranscript.CreateWriter();
        writer.WriteStartArray(3);
        writer.WriteTextString(origin);
        writer.WriteTextString(nonce);
        WriteThumbprint(writer, jwkThumbprint);
        writer.WriteEndArray();
        return new OpenId4VpHandoverInfo(DcApiHandoverIdentifier, writer.Encode());
    }

    /// <summary>Writes the Handover, <c>[HandoverIdentifier, Hash]</c>.</summary>
    internal void WriteHandover(CborWriter writer)
    {
        writer.WriteStartArray(2);
        writer.WriteTextString(HandoverIdentifier);
        writer.WriteByteString(_hash);
        writer.WriteEndArray();
    }

    /// <summary>
    /// Rejects text with lone surrogates before anything is written, naming the parameter (<see cref="CborWriter"/>
    /// rejects it too, but without saying which argument was wrong).
    /// </summary>
    private static void CheckText(string value, string parameterName)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The text is not valid UTF-16 (it holds a lone surrogate).", parameterName, e);
        }
    }

    private static void CheckThumbprint(ReadOnlyMemory<byte>? jwkThumbprint)
    {
        if (jwkThumbprint is { Length: not JwkThumbprintLength } thumbprint)
        {
            throw new ArgumentException($"A JWK SHA-256 thumbprint is {JwkThumbprintLength} bytes long, not {thumbprint.Length}; pass null (not an empty or null array) when the response is not encrypted.", nameof(jwkThumbprint));
        }
    }

    private static void WriteThumbprint(CborWriter writer, ReadOnlyMemory<byte>? jwkThumbprint)
    {
        if (jwkThumbprint is { } thumbprint)
        {
            writer.WriteByteString(thumbprint.Span);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
