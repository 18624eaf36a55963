using System.Security.Cryptography;

namespace Honnin.Issuer.Mdoc;

/// <summary>
/// How an <see cref="MdocIssuer"/> signs and what it writes; validated when the issuer is built. The
/// <see cref="IssuerOptions.CertificateChain"/> is required here: the Document Signer first, then any intermediates.
/// </summary>
public sealed record MdocIssuerOptions : IssuerOptions
{
    /// <summary>The MSO digest algorithm. Default SHA-256.</summary>
    public HashAlgorithmName DigestAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (CertificateChain.Count == 0)
        {
            throw new ArgumentException("The Document Signer certificate chain is required.", nameof(CertificateChain));
        }

        if (DigestAlgorithm != HashAlgorithmName.SHA256 && DigestAlgorithm != HashAlgorithmName.SHA384 && DigestAlgorithm != HashAlgorithmName.SHA512)
        {
            throw new ArgumentException("The digest algorithm must be SHA-256, SHA-384 or SHA-512.", nameof(DigestAlgorithm));
        }
    }
}
