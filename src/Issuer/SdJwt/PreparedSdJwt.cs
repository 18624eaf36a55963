using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;

namespace Honnin.Issuer.SdJwt;

/// <summary>
/// An SD-JWT built and ready to be signed elsewhere (<see cref="SdJwtBuilder.Prepare"/>): send <see cref="ToBeSigned"/>
/// to the signer and pass the signature to <see cref="Complete"/>.
/// </summary>
public sealed class PreparedSdJwt
{
    private readonly CompactJwsToBeSigned _draft;
    private readonly IReadOnlyList<Disclosure> _disclosures;

    internal PreparedSdJwt(CompactJwsToBeSigned draft, IReadOnlyList<Disclosure> disclosures)
    {
        _draft = draft;
        _disclosures = disclosures;
    }

    /// <summary>The algorithm the signature must use.</summary>
    public CoseAlgorithm Algorithm => _draft.Algorithm;

    /// <summary>The bytes to sign: the Issuer-signed JWT's signing input.</summary>
    public ReadOnlyMemory<byte> ToBeSigned => _draft.ToBeSigned;

    /// <summary>Assembles the SD-JWT with the signature computed over <see cref="ToBeSigned"/>; the signature is not checked here.</summary>
    /// <param name="signature">The signature (r || s for ECDSA).</param>
    /// <returns>The SD-JWT with every Disclosure.</returns>
    /// <exception cref="ArgumentException">The signature is empty.</exception>
    public SelectiveDisclosureJwt Complete(ReadOnlySpan<byte> signature) => SelectiveDisclosureJwt.Create(_draft.Complete(signature), _disclosures);
}
