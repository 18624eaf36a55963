using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>
/// The ISO/IEC 18013-5 SessionTranscript, <c>[DeviceEngagementBytes, EReaderKeyBytes, Handover]</c>, which binds
/// device authentication, reader authentication and session keys to one engagement.
/// </summary>
/// <remarks>
/// Two encodings are in use and this type keeps them apart. <see cref="EncodedBytes"/> is the array itself, which
/// DeviceAuthentication and ReaderAuthentication embed. <see cref="SessionTranscriptBytes"/> is
/// <c>#6.24(bstr .cbor SessionTranscript)</c>, whose SHA-256 is the HKDF salt of the session keys and of EMacKey
/// (<see cref="ComputeHkdfSalt"/>). A decoded transcript keeps the bytes it was decoded from.
/// </remarks>
public sealed partial class SessionTranscript
{
    private const int ElementCount = 3;
    private const byte Tag24Initial = 0xd8;

    private SessionTranscript(CborArray value, ReadOnlyMemory<byte> sessionTranscriptBytes)
    {
        Value = value;
        SessionTranscriptBytes = sessionTranscriptBytes;
    }

    /// <summary>The SessionTranscript array.</summary>
    public CborArray Value { get; }

    /// <summary>
    /// The encoding of the SessionTranscript array (not wrapped in tag 24), exactly as received when decoded. This is
    /// what DeviceAuthentication and ReaderAuthentication embed.
    /// </summary>
    public ReadOnlyMemory<byte> EncodedBytes => Value.EncodedBytes;

    /// <summary>
    /// <c>SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript)</c>: the tag-24 item (starting <c>d8 18</c>)
    /// whose content is <see cref="EncodedBytes"/>. Exactly as received when the decoded input was wrapped.
    /// </summary>
    public ReadOnlyMemory<byte> SessionTranscriptBytes { get; }

    /// <summary>The DeviceEngagementBytes tag-24 item, or null when the transcript carries <c>null</c> (OpenID4VP).</summary>
    public CborEncodedItem? DeviceEngagementBytes => Value[0] as CborEncodedItem;

    /// <summary>The EReaderKeyBytes tag-24 item, or null when the transcript carries <c>null</c> (OpenID4VP).</summary>
    public CborEncodedItem? EReaderKeyBytes => Value[1] as CborEncodedItem;

    /// <summary>
    /// The Handover: <c>null</c> for QR engagement, <c>[HandoverSelect, HandoverRequest / null]</c> for NFC, or an
    /// application-defined structure such as OpenID4VP's <c>["OpenID4VPHandover", hash]</c>.
    /// </summary>
    public CborValue Handover => Value[2];

    /// <summary>
    /// Computes the HKDF salt of the session keys (SKReader, SKDevice) and of EMacKey:
    /// SHA-256 of <see cref="SessionTranscriptBytes"/>, the tag-24-wrapped transcript.
    /// </summary>
    /// <returns>The 32-byte salt.</returns>
    public byte[] ComputeHkdfSalt() => SHA256.HashData(SessionTranscriptBytes.Span);

    /// <summary>
    /// Derives EMacKey, the key of <c>deviceMac</c> (ISO/IEC 18013-5 §9.1.3.5): HKDF-SHA256 over the ECDH shared secret
    /// of the device key and the reader's ephemeral key, with <see cref="ComputeHkdfSalt"/> as salt and "EMacKey" as info.
    /// </summary>
    /// <param name="sharedSecret">The raw ECDH shared secret (Zab).</param>
    /// <param name="macKey">Receives the 32-byte key; the caller wipes it.</param>
    public void DeriveEMacKey(ReadOnlySpan<byte> sharedSecret, Span<byte> macKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, macKey, ComputeHkdfSalt(), "EMacKey"u8);

    /// <summary>
    /// Decodes a SessionTranscript given either as the array or as SessionTranscriptBytes (the array wrapped in
    /// tag 24). The received bytes are kept.
    /// </summary>
    /// <param name="encoded">The encoded transcript. The memory is referenced, not copied: keep it unchanged.</param>
    /// <param name="options">Bounds and strictness; <see cref="CborDecodeOptions.Default"/> when null.</param>
    /// <returns>The transcript.</returns>
    /// <exception cref="CredentialFormatException">
    /// The input is not one well-formed CBOR item within the bounds (a <see cref="CborFailureCodes"/> code), or is not a
    /// SessionTranscript (<see cref="SessionTranscriptFailureCodes.Malformed"/>).
    /// </exception>
    public static SessionTranscript Decode(ReadOnlyMemory<byte> encoded, CborDecodeOptions? options = null)
    {
        var value = CborDecoder.Decode(encoded, options);
        if (value is CborEncodedItem wrapped)
        {
            return new SessionTranscript(CheckStructure(wrapped.Content), encoded);
        }

        var array = CheckStructure(value);
        return new SessionTranscript(array, WrapInTag24(array.EncodedBytes.Span));
    }

    /// <summary>Decodes a SessionTranscript as <see cref="Decode"/> does, without throwing.</summary>
    /// <param name="encoded">The encoded transcript, the array or SessionTranscriptBytes.</param>
    /// <param name="transcript">The transcript, when decoding succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds and strictness; <see cref="CborDecodeOptions.Default"/> when null.</param>
    /// <returns>Whether decoding succeeded.</returns>
    public static bool TryDecode(
        ReadOnlyMemory<byte> encoded,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SessionTranscript? transcript,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out CredentialFormatException? error,
        CborDecodeOptions? options = null)
    {
        return CredentialFormatException.Try(() => Decode(encoded, options), out transcript, out error);
    }

    internal static CborWriter CreateWriter() =>
        new(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);

    private static CborArray CheckStructure(CborValue value)
    {
        if (value is not CborArray { Count: ElementCount } array)
        {
            throw new CredentialFormatException(SessionTranscriptFailureCodes.Malformed, $"A SessionTranscript is an array of {ElementCount} elements, not a {value.Kind}.");
        }

        CheckEmbeddedMapOrNull(array[0], "DeviceEngagementBytes");
        CheckEmbeddedMapOrNull(array[1], "EReaderKeyBytes");
        return array;
    }

    private static void CheckEmbeddedMapOrNull(CborValue element, string name)
    {
        if (element is not (CborNull or CborEncodedItem { Content: CborMap }))
        {
            throw new CredentialFormatException(SessionTranscriptFailureCodes.Malformed, $"The SessionTranscript's {name} is neither null nor a tag-24 item enclosing a map.");
        }
    }

    /// <summary>Encodes <c>#6.24(bstr .cbor content)</c>, sizing the result once.</summary>
    private static byte[] WrapInTag24(ReadOnlySpan<byte> content)
    {
        var length = content.Length;
        var headLength = length switch
        {
            < 24 => 1,
            <= byte.MaxValue => 2,
            <= ushort.MaxValue => 3,
            _ => 5,
        };

        var result = new byte[2 + headLength + length];
        result[0] = Tag24Initial;
        result[1] = (byte)CborEncodedItem.TagNumber;
        var head = result.AsSpan(2, headLength);
        switch (headLength)
        {
            case 1:
                head[0] = (byte)(0x40 | length);
                break;
            case 2:
                head[0] = 0x58;
                head[1] = (byte)length;
                break;
            case 3:
                head[0] = 0x59;
                BinaryPrimitives.WriteUInt16BigEndian(head[1..], (ushort)length);
                break;
            default:
                head[0] = 0x5a;
                BinaryPrimitives.WriteUInt32BigEndian(head[1..], (uint)length);
                break;
        }

        content.CopyTo(result.AsSpan(2 + headLength));
        return result;
    }
}
