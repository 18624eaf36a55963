using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;

namespace Honnin.Cose;

/// <summary>
/// A COSE_Sign1 message (RFC 9052 §4.2), tagged (18) or untagged. A decoded message keeps its received
/// protected-header bytes, and verification uses them.
/// </summary>
public sealed class CoseSign1Message
{
    /// <summary>The CBOR tag of a tagged COSE_Sign1.</summary>
    public const ulong Tag = 18;

    private const string Context = "Signature1";

    private CoseSign1Message(CborValue encoded, CoseHeaderSet headers, ReadOnlyMemory<byte>? payload, ReadOnlyMemory<byte> signature)
    {
        Encoded = encoded;
        Headers = headers;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>The message as received (or built).</summary>
    public CborValue Encoded { get; }

    /// <summary>The headers.</summary>
    public CoseHeaderSet Headers { get; }

    /// <summary>The algorithm from the protected header.</summary>
    public CoseAlgorithm Algorithm => Headers.Algorithm;

    /// <summary>The embedded payload, or null when it is detached.</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    /// <summary>The signature.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>Reads a COSE_Sign1 from a decoded CBOR value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">Bounds for the protected header.</param>
    /// <returns>The message.</returns>
    /// <exception cref="CredentialFormatException">The value is not a well-formed COSE_Sign1 with a supported signature algorithm and understood critical headers.</exception>
    public static CoseSign1Message Decode(CborValue value, CborDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (headers, payload, signature) = CoseStructure.Decode(value, Tag, "COSE_Sign1", options);
        if (headers.Algorithm == CoseAlgorithm.HMAC256)
        {
            throw new CredentialFormatException(CoseFailureCodes.UnsupportedAlgorithm, "A COSE_Sign1 cannot use a MAC algorithm.");
        }

        return new CoseSign1Message(value, headers, payload, signature);
    }

    /// <summary>Decodes and reads a COSE_Sign1.</summary>
    /// <param name="encoded">The encoded message.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>The message.</returns>
    /// <exception cref="CredentialFormatException">The bytes are not a well-formed COSE_Sign1.</exception>
    public static CoseSign1Message Decode(ReadOnlyMemory<byte> encoded, CborDecodeOptions? options = null) =>
        Decode(CborDecoder.Decode(encoded, options), options);

    /// <summary>Builds the Sig_structure <c>["Signature1", protected, external_aad, payload]</c> that the signature covers.</summary>
    /// <param name="detachedPayload">The payload when it is detached; null when it is embedded.</param>
    /// <param name="externalAad">External additional authenticated data (usually empty).</param>
    /// <returns>The to-be-signed bytes.</returns>
    /// <exception cref="ArgumentException">A detached payload is missing, or one is given for a message that carries its own.</exception>
    public byte[] BuildToBeSigned(ReadOnlyMemory<byte>? detachedPayload = null, ReadOnlyMemory<byte> externalAad = default) =>
        CoseStructure.BuildToBeSigned(Context, Headers.ProtectedBytes.Span, externalAad.Span, CoseStructure.PayloadFor(Payload, detachedPayload, "COSE_Sign1"));

    /// <summary>Verifies the signature with a public key.</summary>
    /// <param name="key">The public key; its curve must fit the algorithm.</param>
    /// <param name="detachedPayload">The payload when it is detached.</param>
    /// <returns>Whether the signature is valid.</returns>
    /// <exception cref="ArgumentException">A detached payload is missing, or one is given for a message that carries its own.</exception>
    public bool VerifySignature(CoseKey key, ReadOnlyMemory<byte>? detachedPayload = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignatureVerifier.Verify(Algorithm, key, BuildToBeSigned(detachedPayload), Signature.Span);
    }

    /// <summary>Verifies the signature with an ECDSA public key (e.g. a certificate's).</summary>
    /// <param name="key">The public key; its curve must fit the algorithm.</param>
    /// <param name="detachedPayload">The payload when it is detached.</param>
    /// <returns>Whether the signature is valid.</returns>
    /// <exception cref="ArgumentException">A detached payload is missing, or one is given for a message that carries its own.</exception>
    public bool VerifySignature(ECDsa key, ReadOnlyMemory<byte>? detachedPayload = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignatureVerifier.Verify(Algorithm, key, BuildToBeSigned(detachedPayload), Signature.Span);
    }

    internal static CoseSign1Message Assemble(CoseHeaderSet headers, ReadOnlyMemory<byte> payload, CosePayloadMode mode, byte[] signature) =>
        new(CoseStructure.Build(headers, payload, mode, signature), headers, mode == CosePayloadMode.Detached ? (ReadOnlyMemory<byte>?)null : payload, signature);

    /// <summary>Signs a payload.</summary>
    /// <param name="signer">The signer; its algorithm goes into the protected header.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="mode">Whether the payload is carried or detached.</param>
    /// <param name="protectedHeaders">Further protected headers (not <c>alg</c>).</param>
    /// <param name="unprotectedHeaders">Unprotected headers, e.g. <c>x5chain</c>.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The signed message.</returns>
    public static async Task<CoseSign1Message> CreateAsync(
        ISigner signer,
        ReadOnlyMemory<byte> payload,
        CosePayloadMode mode,
        CborMap? protectedHeaders = null,
        CborMap? unprotectedHeaders = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var prepared = CoseSign1ToBeSigned.Prepare(signer.Algorithm, payload, mode, protectedHeaders, unprotectedHeaders);
        var signature = await signer.SignAsync(prepared.ToBeSigned, cancellationToken).ConfigureAwait(false);
        return prepared.Complete(signature);
    }
}
