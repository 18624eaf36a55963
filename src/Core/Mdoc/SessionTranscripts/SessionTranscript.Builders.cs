using System.Formats.Cbor;
using Honnin.Cbor;

namespace Honnin.Mdoc;

public sealed partial class SessionTranscript
{
    /// <summary>
    /// Builds the transcript of an ISO/IEC 18013-5 QR engagement:
    /// <c>[#6.24(DeviceEngagement), #6.24(EReaderKey), null]</c>.
    /// </summary>
    /// <param name="deviceEngagement">
    /// The encoded DeviceEngagement, exactly as received from the QR code (not wrapped in tag 24). It is embedded as is.
    /// </param>
    /// <param name="eReaderKey">
    /// The encoded COSE_Key of the reader's ephemeral key (the content of SessionEstablishment's <c>eReaderKey</c>
    /// tag-24 item, not the item). It is embedded as is.
    /// </param>
    /// <returns>The transcript.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="deviceEngagement"/> or <paramref name="eReaderKey"/> is not exactly one well-formed CBOR map
    /// within <see cref="CborDecodeOptions.Default"/>, or the transcript would exceed those bounds.
    /// </exception>
    public static SessionTranscript ForQrHandover(ReadOnlyMemory<byte> deviceEngagement, ReadOnlyMemory<byte> eReaderKey)
    {
        CheckEmbeddedMap(deviceEngagement, nameof(deviceEngagement));
        CheckEmbeddedMap(eReaderKey, nameof(eReaderKey));

        var writer = CreateWriter();
        writer.WriteStartArray(ElementCount);
        WriteEmbedded(writer, deviceEngagement.Span);
        WriteEmbedded(writer, eReaderKey.Span);
        writer.WriteNull();
        writer.WriteEndArray();
        return FromBuilt(writer.Encode());
    }

    /// <summary>
    /// Builds the transcript of an ISO/IEC 18013-5 NFC engagement:
    /// <c>[#6.24(DeviceEngagement), #6.24(EReaderKey), [HandoverSelect, HandoverRequest / null]]</c>.
    /// </summary>
    /// <param name="deviceEngagement">
    /// The encoded DeviceEngagement, exactly as carried in the Handover Select message's
    /// <c>iso.org:18013:deviceengagement</c> record (not wrapped in tag 24). It is embedded as is.
    /// </param>
    /// <param name="eReaderKey">
    /// The encoded COSE_Key of the reader's ephemeral key (the content of SessionEstablishment's <c>eReaderKey</c>
    /// tag-24 item, not the item). It is embedded as is.
    /// </param>
    /// <param name="handoverSelect">The whole NDEF Handover Select message, as exchanged.</param>
    /// <param name="handoverRequest">
    /// The whole NDEF Handover Request message for negotiated handover, or null for static handover.
    /// </param>
    /// <returns>The transcript.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="deviceEngagement"/> or <paramref name="eReaderKey"/> is not exactly one well-formed CBOR map
    /// within <see cref="CborDecodeOptions.Default"/>, <paramref name="handoverSelect"/> is empty, or
    /// <paramref name="handoverRequest"/> is given but empty, or the transcript would exceed the bounds of
    /// <see cref="CborDecodeOptions.Default"/>.
    /// </exception>
    public static SessionTranscript ForNfcHandover(
        ReadOnlyMemory<byte> deviceEngagement,
        ReadOnlyMemory<byte> eReaderKey,
        ReadOnlyMemory<byte> handoverSelect,
        ReadOnlyMemory<byte>? handoverRequest = null)
    {
        CheckEmbeddedMap(deviceEngagement, nameof(deviceEngagement));
        CheckEmbeddedMap(eReaderKey, nameof(eReaderKey));
        if (handoverSelect.IsEmpty)
        {
            throw new ArgumentException("The NFC Handover Select message is empty.", nameof(handoverSelect));
        }

        if (handoverRequest is { IsEmpty: true })
        {
            throw new ArgumentException("The NFC Handover Request message is empty; pass null for static handover.", nameof(handoverRequest));
        }

        var writer = CreateWriter();
        writer.WriteStartArray(ElementCount);
        WriteEmbedded(writer, deviceEngagement.Span);
        WriteEmbedded(writer, eReaderKey.Span);
        writer.WriteStartArray(2);
        writer.WriteByteString(handoverSelect.Span);
        if (handoverRequest is { } request)
        {
            writer.WriteByteString(request.Span);
        }
        else
        {
            writer.WriteNull();
        }

        writer.WriteEndArray();
        writer.WriteEndArray();
        return FromBuilt(writer.Encode());
    }

    /// <summary>
    /// Builds the transcript of an OpenID4VP 1.0 presentation invoked by redirects (Appendix B.2.6.1):
    /// <c>[null, null, ["OpenID4VPHandover", SHA-256(OpenID4VPHandoverInfoBytes)]]</c>, with
    /// <c>OpenID4VPHandoverInfo = [clientId, nonce, jwkThumbprint / null, responseUri]</c>
    /// (<see cref="OpenId4VpHandoverInfo.ForRedirect"/>).
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
    /// <returns>The transcript.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="clientId"/>, <paramref name="nonce"/> or <paramref name="responseUri"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="clientId"/>, <paramref name="nonce"/> or <paramref name="responseUri"/> is empty or not valid
    /// UTF-16, or <paramref name="jwkThumbprint"/> is not 32 bytes long.
    /// </exception>
    public static SessionTranscript ForOpenId4Vp(string clientId, string nonce, ReadOnlyMemory<byte>? jwkThumbprint, string responseUri) =>
        ForHandoverInfo(OpenId4VpHandoverInfo.ForRedirect(clientId, nonce, jwkThumbprint, responseUri));

    /// <summary>
    /// Builds the transcript of an OpenID4VP 1.0 presentation through the Digital Credentials API (Appendix B.2.6.2):
    /// <c>[null, null, ["OpenID4VPDCAPIHandover", SHA-256(OpenID4VPDCAPIHandoverInfoBytes)]]</c>, with
    /// <c>OpenID4VPDCAPIHandoverInfo = [origin, nonce, jwkThumbprint / null]</c>
    /// (<see cref="OpenId4VpHandoverInfo.ForDcApi"/>).
    /// </summary>
    /// <param name="origin">
    /// The origin of the verifier as the platform reports it (e.g. <c>https://example.com</c>), without the
    /// <c>origin:</c> prefix.
    /// </param>
    /// <param name="nonce">The <c>nonce</c> of the request.</param>
    /// <param name="jwkThumbprint">
    /// The 32-byte RFC 7638 SHA-256 thumbprint of the verifier key the response is encrypted to (<c>dc_api.jwt</c>),
    /// or null when the response is not encrypted (<c>dc_api</c>).
    /// </param>
    /// <returns>The transcript.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="origin"/> or <paramref name="nonce"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="origin"/> or <paramref name="nonce"/> is empty or not valid UTF-16, <paramref name="origin"/>
    /// starts with <c>origin:</c>, or <paramref name="jwkThumbprint"/> is not 32 bytes long.
    /// </exception>
    public static SessionTranscript ForOpenId4VpDcApi(string origin, string nonce, ReadOnlyMemory<byte>? jwkThumbprint) =>
        ForHandoverInfo(OpenId4VpHandoverInfo.ForDcApi(origin, nonce, jwkThumbprint));

    private static SessionTranscript ForHandoverInfo(OpenId4VpHandoverInfo handoverInfo)
    {
        var writer = CreateWriter();
        writer.WriteStartArray(ElementCount);
        writer.WriteNull();
        writer.WriteNull();
        handoverInfo.WriteHandover(writer);
        writer.WriteEndArray();
        return FromBuilt(writer.Encode());
    }

    private static void CheckEmbeddedMap(ReadOnlyMemory<byte> encoded, string parameterName)
    {
        if (encoded.IsEmpty)
        {
            throw new ArgumentException("The encoded item is empty.", parameterName);
        }

        if (!CborDecoder.TryDecode(encoded, out var value, out var error))
        {
            throw new ArgumentException("The bytes are not exactly one well-formed CBOR data item.", parameterName, error);
        }

        if (value is not CborMap)
        {
            throw new ArgumentException($"The encoded item is a {value.Kind}, not a map.", parameterName);
        }
    }

    /// <summary>Writes <c>#6.24(bstr .cbor item)</c> around bytes that are already an encoded item, without re-encoding them.</summary>
    private static void WriteEmbedded(CborWriter writer, ReadOnlySpan<byte> encodedItem)
    {
        writer.WriteTag((CborTag)CborEncodedItem.TagNumber);
        writer.WriteByteString(encodedItem);
    }

    /// <summary>Reads back a transcript just written, so that <see cref="Value"/> refers to the written bytes.</summary>
    private static SessionTranscript FromBuilt(byte[] encoded)
    {
        try
        {
            var array = CheckStructure(CborDecoder.Decode(encoded));
            return new SessionTranscript(array, WrapInTag24(encoded));
        }
        catch (CredentialFormatException e)
        {
            throw new ArgumentException("The parts do not form a SessionTranscript within the default decoding bounds.", e);
        }
    }
}
