using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;

namespace Honnin.Cose;

/// <summary>
/// A COSE_Mac0 message (RFC 9052 §6.2) with HMAC 256/256, as ISO 18013-5 uses for <c>deviceMac</c>.
/// A decoded message keeps its received protected-header bytes, and verification uses them.
/// </summary>
public sealed class CoseMac0Message
{
    /// <summary>The CBOR tag of a tagged COSE_Mac0.</summary>
    public const ulong Tag = 17;

    private const string Context = "MAC0";

    private CoseMac0Message(CborValue encoded, CoseHeaderSet headers, ReadOnlyMemory<byte>? payload, ReadOnlyMemory<byte> macTag)
    {
        Encoded = encoded;
        Headers = headers;
        Payload = payload;
        MacTag = macTag;
    }

    /// <summary>The message as received (or built).</summary>
    public CborValue Encoded { get; }

    /// <summary>The headers.</summary>
    public CoseHeaderSet Headers { get; }

    /// <summary>The algorithm from the protected header.</summary>
    public CoseAlgorithm Algorithm => Headers.Algorithm;

    /// <summary>The embedded payload, or null when it is detached.</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    /// <summary>The MAC tag.</summary>
    public ReadOnlyMemory<byte> MacTag { get; }

    /// <summary>Reads a COSE_Mac0 from a decoded CBOR value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">Bounds for the protected header.</param>
    /// <returns>The message.</returns>
    /// <exception cref="CredentialFormatException">The value is not a well-formed COSE_Mac0 with HMAC 256/256.</exception>
    public static CoseMac0Message Decode(CborValue value, CborDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (headers, payload, tag) = CoseStructure.Decode(value, Tag, "COSE_Mac0", options);
        if (headers.Algorithm != CoseAlgorithm.HMAC256)
        {
            throw new CredentialFormatException(CoseFailureCodes.UnsupportedAlgorithm, "A COSE_Mac0 must use HMAC 256/256.");
        }

        return new CoseMac0Message(value, headers, payload, tag);
    }

    /// <summary>Builds the MAC_structure <c>["MAC0", protected, external_aad, payload]</c> that the tag covers.</summary>
    /// <param name="detachedPayload">The payload when it is detached; null when it is embedded.</param>
    /// <returns>The bytes the MAC covers.</returns>
    /// <exception cref="ArgumentException">A detached payload is missing, or one is given for a message that carries its own.</exception>
    public byte[] BuildToBeMaced(ReadOnlyMemory<byte>? detachedPayload = null) =>
        CoseStructure.BuildToBeSigned(Context, Headers.ProtectedBytes.Span, [], CoseStructure.PayloadFor(Payload, detachedPayload, "COSE_Mac0"));

    /// <summary>Verifies the tag in constant time.</summary>
    /// <param name="key">The MAC key (e.g. EMacKey). The caller wipes it.</param>
    /// <param name="detachedPayload">The payload when it is detached.</param>
    /// <returns>Whether the tag is valid.</returns>
    /// <exception cref="ArgumentException">A detached payload is missing, or one is given for a message that carries its own.</exception>
    public bool VerifyTag(ReadOnlySpan<byte> key, ReadOnlyMemory<byte>? detachedPayload = null)
    {
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, BuildToBeMaced(detachedPayload), expected);
        return MacTag.Length == 32 && CryptographicOperations.FixedTimeEquals(expected, MacTag.Span);
    }

    /// <summary>Creates a COSE_Mac0 with HMAC 256/256.</summary>
    /// <param name="key">The MAC key. The caller wipes it.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="mode">Whether the payload is carried or detached.</param>
    /// <returns>The message.</returns>
    public static CoseMac0Message Create(ReadOnlySpan<byte> key, ReadOnlyMemory<byte> payload, CosePayloadMode mode)
    {
        var headers = CoseHeaderSet.Create(CoseAlgorithm.HMAC256, null, null);
        var tag = HMACSHA256.HashData(key, CoseStructure.BuildToBeSigned(Context, headers.ProtectedBytes.Span, [], payload.Span));
        var encoded = CoseStructure.Build(headers, payload, mode, tag);
        return new CoseMac0Message(encoded, headers, mode == CosePayloadMode.Detached ? (ReadOnlyMemory<byte>?)null : payload, tag);
    }
}
