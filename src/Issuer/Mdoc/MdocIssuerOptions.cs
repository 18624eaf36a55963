using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.Mdoc;

/// <summary>How an <see cref="MdocIssuer"/> signs and what it writes; validated when the issuer is built.</summary>
public sealed record MdocIssuerOptions
{
    /// <summary>The Document Signer key, behind the signer abstraction (software key, HSM, KMS). Required.</summary>
    public required ISigner Signer { get; init; }

    /// <summary>The DER certificates for <c>x5chain</c>: the Document Signer first, then any intermediates. Required.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; }

    /// <summary>The document types the issuer knows. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>How long a credential is valid. Default 365 days.</summary>
    public TimeSpan ValidityPeriod { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Signing and validity times are rounded down to a multiple of this, so that credentials of one batch, or of one
    /// day, cannot be told apart by their timestamps. Default one day; at least one second.
    /// </summary>
    public TimeSpan TimestampGranularity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Decoy digests added to each namespace, so that the number of elements is not revealed. Default 2.</summary>
    public int DecoyDigestsPerNameSpace { get; init; } = 2;

    /// <summary>The MSO digest algorithm. Default SHA-256.</summary>
    public HashAlgorithmName DigestAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>Whether a My Number may be issued, and on what legal basis. Default: refused.</summary>
    public MyNumberPolicy MyNumbers { get; init; } = MyNumberPolicy.Refuse;

    /// <summary>Checks the options as the constructor that takes them does, so a host can fail at start-up rather than at first use.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Signer);
        ArgumentNullException.ThrowIfNull(DocumentTypes);
        ArgumentNullException.ThrowIfNull(MyNumbers);
        if (CertificateChain is null || CertificateChain.Count == 0)
        {
            throw new ArgumentException("The Document Signer certificate chain is required.", nameof(CertificateChain));
        }

        IssuanceRules.CheckPeriods(ValidityPeriod, TimestampGranularity);

        if (DecoyDigestsPerNameSpace is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(DecoyDigestsPerNameSpace), "Between 0 and 64 decoys per namespace.");
        }

        if (DigestAlgorithm != HashAlgorithmName.SHA256 && DigestAlgorithm != HashAlgorithmName.SHA384 && DigestAlgorithm != HashAlgorithmName.SHA512)
        {
            throw new ArgumentException("The digest algorithm must be SHA-256, SHA-384 or SHA-512.", nameof(DigestAlgorithm));
        }
    }
}
