using Honnin.X509;

namespace Honnin.Verifier;

/// <summary>How <see cref="IssuerTrust"/> checks the VICALs among its inputs.</summary>
public sealed record IssuerTrustOptions
{
    /// <summary>
    /// The anchors a VICAL's signer must chain to (e.g. the AAMVA root for AAMVA's list); a VICAL whose signature, signer
    /// or freshness does not verify is refused. Null: VICALs are refused unless <see cref="AcceptUnverifiedVicals"/>.
    /// The caller keeps ownership.
    /// </summary>
    public TrustAnchorSet? VicalSigners { get; init; }

    /// <summary>Whether a VICAL is used without checking its signature when no signer is configured. Default false.</summary>
    public bool AcceptUnverifiedVicals { get; init; }

    /// <summary>The time a VICAL is checked at (signer validity, <c>nextUpdate</c>); now when null.</summary>
    public DateTimeOffset? At { get; init; }
}
