using Honnin.Crypto;
using Honnin.DocumentTypes;

namespace Honnin.Issuer;

/// <summary>
/// What every issuer is configured with, whatever the format: the signing key and its certificate chain, the document
/// types it knows, validity, coarse timestamps, decoys and the My Number policy. The format's options add what only
/// that format has (<see cref="Mdoc.MdocIssuerOptions"/>, <see cref="SdJwt.SdJwtVcIssuerOptions"/>).
/// </summary>
public abstract record IssuerOptions
{
    /// <summary>The issuer's key, behind the signer abstraction (software key, HSM, KMS). Required.</summary>
    public required ISigner Signer { get; init; }

    /// <summary>
    /// The DER certificates the credential carries (<c>x5chain</c> for mdoc, <c>x5c</c> for SD-JWT VC): the signing
    /// certificate first, then any intermediates, so one IACA anchors both formats. The signer's key must be the first
    /// certificate's.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; } = [];

    /// <summary>The document types the issuer knows. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>How long a credential is valid. Default 365 days; a credential never outlives the signing certificate, so near its notAfter the period is cut there.</summary>
    public TimeSpan ValidityPeriod { get; init; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Signing and validity times are rounded down to a multiple of this, so that credentials of one batch, or of one
    /// day, cannot be told apart by their timestamps. Default one day; at least one second.
    /// </summary>
    public TimeSpan TimestampGranularity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Decoy digests added to each digest container — each mdoc namespace, the SD-JWT's top-level <c>_sd</c> — so that
    /// the number of elements is not revealed. Default 3; 0 to 64.
    /// </summary>
    public int DecoyDigests { get; init; } = 3;

    /// <summary>Whether a My Number may be issued, and on what legal basis. Default: refused.</summary>
    public MyNumberPolicy MyNumbers { get; init; } = MyNumberPolicy.Refuse;

    /// <summary>Checks the options as the constructor that takes them does, so a host can fail at start-up rather than at first use.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public virtual void Validate()
    {
        ArgumentNullException.ThrowIfNull(Signer);
        ArgumentNullException.ThrowIfNull(CertificateChain);
        ArgumentNullException.ThrowIfNull(DocumentTypes);
        ArgumentNullException.ThrowIfNull(MyNumbers);
        IssuanceRules.CheckPeriods(ValidityPeriod, TimestampGranularity);
        if (DecoyDigests is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(DecoyDigests), "Between 0 and 64 decoys per digest container.");
        }
    }
}
