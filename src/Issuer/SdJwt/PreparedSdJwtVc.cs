using Honnin.Crypto;

namespace Honnin.Issuer.SdJwt;

/// <summary>
/// An SD-JWT VC ready to be signed elsewhere (an HSM, a remote KMS, an approval that comes later): send
/// <see cref="ToBeSigned"/> to the signer and pass the signature to <see cref="SdJwtVcIssuer.Complete"/>.
/// </summary>
public sealed class PreparedSdJwtVc
{
    internal PreparedSdJwtVc(string vct, PreparedSdJwt draft)
    {
        Vct = vct;
        Draft = draft;
    }

    /// <summary>The credential type.</summary>
    public string Vct { get; }

    /// <summary>The algorithm the signature must use.</summary>
    public CoseAlgorithm Algorithm => Draft.Algorithm;

    /// <summary>The bytes to sign: the Issuer-signed JWT's signing input.</summary>
    public ReadOnlyMemory<byte> ToBeSigned => Draft.ToBeSigned;

    internal PreparedSdJwt Draft { get; }

    /// <summary>The vct, never the claims.</summary>
    public override string ToString() => "PreparedSdJwtVc(" + Vct + ")";
}
