using Honnin.Crypto;
using Honnin.DocumentTypes;

namespace Honnin.Issuer.SdJwt;

/// <summary>How an <see cref="SdJwtVcIssuer"/> signs and what it writes; validated when the issuer is built.</summary>
public sealed record SdJwtVcIssuerOptions
{
    /// <summary>The issuer's key, behind the signer abstraction. Required.</summary>
    public required ISigner Signer { get; init; }

    /// <summary>The <c>iss</c> claim: the issuer's identifier (an https URL, or the name verifiers know it by). Required.</summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// DER certificates for the <c>x5c</c> header: the same Document Signer chain the mdoc uses, so one IACA anchors both
    /// formats. Empty: the header carries the signer's <c>kid</c> instead and verifiers are given the issuer key.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; } = [];

    /// <summary>The document types the issuer knows. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>How long a credential is valid. Default 365 days.</summary>
    public TimeSpan ValidityPeriod { get; init; } = TimeSpan.FromDays(365);

    /// <summary><c>iat</c> is rounded down to a multiple of this, so a batch's credentials share it. Default one day.</summary>
    public TimeSpan TimestampGranularity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Decoy digests added to the top-level <c>_sd</c>, so that the number of claims is not revealed. Default 3.</summary>
    public int DecoyDigests { get; init; } = 3;

    /// <summary>Whether a My Number may be issued, and on what legal basis. Default: refused.</summary>
    public MyNumberPolicy MyNumbers { get; init; } = MyNumberPolicy.Refuse;

    /// <summary>Checks the options as the constructor that takes them does, so a host can fail at start-up rather than at first use.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Signer);
        ArgumentException.ThrowIfNullOrWhiteSpace(Issuer);
        ArgumentNullException.ThrowIfNull(CertificateChain);
        ArgumentNullException.ThrowIfNull(DocumentTypes);
        ArgumentNullException.ThrowIfNull(MyNumbers);
        IssuanceRules.CheckPeriods(ValidityPeriod, TimestampGranularity);
        if (DecoyDigests is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(DecoyDigests), "Between 0 and 64 decoys.");
        }
    }
}
