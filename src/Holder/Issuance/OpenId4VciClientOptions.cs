using Honnin.DocumentTypes;
using Honnin.X509;

namespace Honnin.Holder.Issuance;

/// <summary>The wallet's policy for receiving credentials over OpenID4VCI.</summary>
public sealed record OpenId4VciClientOptions
{
    /// <summary>The most credentials one request asks for when the issuer offers batches. Default 10.</summary>
    public const int DefaultMaxBatchSize = 10;

    /// <summary>Document types, for the names of offered credentials and the elements they hold. Default: Honnin's built-in types.</summary>
    public DocumentTypeRegistry DocumentTypes { get; init; } = DocumentTypeRegistry.CreateDefault();

    /// <summary>
    /// The most credentials (and fresh device keys) one credential request asks for: the issuer's
    /// <c>batch_credential_issuance.batch_size</c>, cut to this; 1 when the issuer offers no batches. Default
    /// <see cref="DefaultMaxBatchSize"/>; from 1 to <see cref="OpenId4Vc.CredentialRequest.MaxProofs"/>.
    /// </summary>
    public int MaxBatchSize { get; init; } = DefaultMaxBatchSize;

    /// <summary>
    /// Issuer roots: when set, every credential received must be signed by a certificate (mdoc <c>x5chain</c>, SD-JWT
    /// <c>x5c</c>) that chains to one of them, or nothing is stored. When null, only the signature over each credential is
    /// checked with the certificate it carries, and the issuer is believed to be who its metadata says.
    /// </summary>
    public TrustAnchorSet? IssuerTrustAnchors { get; init; }

    /// <summary>How long one HTTP exchange may take before the issuer counts as unreachable. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock difference tolerated when checking an issuer's certificates. Default 1 minute.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(DocumentTypes, nameof(DocumentTypes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchSize, OpenId4Vc.CredentialRequest.MaxProofs, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ClockSkew, TimeSpan.Zero, nameof(ClockSkew));
    }
}
