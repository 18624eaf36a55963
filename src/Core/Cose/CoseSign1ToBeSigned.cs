using Honnin.Cbor;
using Honnin.Crypto;

namespace Honnin.Cose;

/// <summary>
/// A COSE_Sign1 prepared for signing elsewhere (an HSM, a remote KMS, another process): send
/// <see cref="ToBeSigned"/> to the signer, then call <see cref="Complete"/> with the signature it returns.
/// </summary>
public sealed class CoseSign1ToBeSigned
{
    private readonly CoseHeaderSet _headers;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly CosePayloadMode _mode;

    internal CoseSign1ToBeSigned(CoseHeaderSet headers, ReadOnlyMemory<byte> payload, CosePayloadMode mode, byte[] toBeSigned)
    {
        _headers = headers;
        _payload = payload;
        _mode = mode;
        ToBeSigned = toBeSigned;
    }

    /// <summary>The algorithm the signature must use.</summary>
    public CoseAlgorithm Algorithm => _headers.Algorithm;

    /// <summary>The Sig_structure bytes to sign.</summary>
    public ReadOnlyMemory<byte> ToBeSigned { get; }

    /// <summary>Prepares a COSE_Sign1.</summary>
    /// <param name="algorithm">The signature algorithm (goes into the protected header).</param>
    /// <param name="payload">The payload.</param>
    /// <param name="mode">Whether the payload is carried or detached.</param>
    /// <param name="protectedHeaders">Further protected headers (not <c>alg</c>).</param>
    /// <param name="unprotectedHeaders">Unprotected headers, e.g. <c>x5chain</c>.</param>
    /// <returns>The prepared message.</returns>
    /// <exception cref="ArgumentException">The algorithm is a MAC algorithm.</exception>
    public static CoseSign1ToBeSigned Prepare(CoseAlgorithm algorithm, ReadOnlyMemory<byte> payload, CosePayloadMode mode, CborMap? protectedHeaders = null, CborMap? unprotectedHeaders = null)
    {
        if (algorithm == CoseAlgorithm.HMAC256)
        {
            throw new ArgumentException("A COSE_Sign1 needs a signature algorithm.", nameof(algorithm));
        }

        var headers = CoseHeaderSet.Create(algorithm, protectedHeaders, unprotectedHeaders);
        return new CoseSign1ToBeSigned(headers, payload, mode, CoseStructure.BuildToBeSigned("Signature1", headers.ProtectedBytes.Span, [], payload.Span));
    }

    /// <summary>Assembles the message with the signature computed over <see cref="ToBeSigned"/>.</summary>
    /// <param name="signature">The signature (r || s for ECDSA).</param>
    /// <returns>The signed message.</returns>
    /// <exception cref="ArgumentException">The signature is empty.</exception>
    public CoseSign1Message Complete(ReadOnlySpan<byte> signature)
    {
        if (signature.IsEmpty)
        {
            throw new ArgumentException("The signature is empty.", nameof(signature));
        }

        return CoseSign1Message.Assemble(_headers, _payload, _mode, signature.ToArray());
    }
}
