using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Pseudonyms;
using Honnin.Verifier.Checks;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.Mdoc;

/// <summary>
/// The verifier's security policy, validated when a <see cref="MdocVerifier"/> is built. Trust is required — IACA
/// trust anchors, pinned Document Signer certificates, or both; nothing is trusted by default.
/// </summary>
public sealed record MdocVerifierOptions
{
    /// <summary>The IACA certificates Document Signers must chain to (ISO/IEC 18013-5 Annex B), e.g. from a VICAL.</summary>
    public TrustAnchorSet? TrustAnchors { get; init; }

    /// <summary>
    /// Document Signer certificates (DER) trusted directly, for issuers that publish their signing certificate rather
    /// than an IACA: a document whose <c>x5chain</c> leaf is exactly one of them is trusted without a chain, when the
    /// certificate is valid at the verification time. The Annex B profile is not applied to them: pinning is the
    /// verifier's own decision to trust that certificate.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> PinnedDocumentSigners { get; init; } = [];

    /// <summary>Tolerance applied to every time comparison (MSO validity, certificate validity). Default 0; at most 10 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Signature algorithms accepted for <c>issuerAuth</c> and <c>deviceSignature</c>. Default ES256, ES384, ES512, EdDSA;
    /// only those four can be listed (ISO/IEC 18013-5 signs with ECDSA and EdDSA; the RSA algorithms are for SD-JWT).
    /// </summary>
    public IReadOnlySet<CoseAlgorithm> AllowedAlgorithms { get; init; } =
        new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256, CoseAlgorithm.ES384, CoseAlgorithm.ES512, CoseAlgorithm.EdDSA };

    /// <summary>
    /// Whether the MSO's <c>signed</c> time must fall inside the Document Signer certificate's validity
    /// (ISO 18013-5 clause 12.8; on by default). A verifier may switch it off for legacy samples.
    /// </summary>
    public bool RequireMsoSignedWithinCertificateValidity { get; init; } = true;

    /// <summary>Elements that must be disclosed: (namespace, element identifier) pairs. Empty by default.</summary>
    public IReadOnlyCollection<(string NameSpace, string ElementIdentifier)> RequiredElements { get; init; } = [];

    /// <summary>
    /// The host's own checks, run in this order on each document that passed every built-in check; a document that fails
    /// one is not in the result. Each name must be unique and not one of the verifier's own.
    /// </summary>
    public IReadOnlyList<IDocumentCheck> DocumentChecks { get; init; } = [];

    /// <summary>
    /// The verifier's own pseudonym domains (e.g. <c>employment</c>, <c>tax</c>), as its registration names them. Their
    /// pseudonyms become the result's subject keys; a pseudonym of any other domain fails the response. Empty by
    /// default: the verifier belongs to no domain and accepts no pseudonym.
    /// </summary>
    public IReadOnlySet<PseudonymDomain> PseudonymDomains { get; init; } = new HashSet<PseudonymDomain>();

    /// <summary>
    /// Whether integers, lengths and tags that are not in their shortest encoding are accepted (ISO/IEC 18013-5 clause 8.1
    /// asks issuers and wallets for preferred serialization, and real issuers have emitted, for example, a digestID in
    /// eight bytes). Default true: digests, signatures and MACs are computed over the received bytes and map keys are
    /// compared as decoded values, so such an encoding changes nothing that is verified; the result carries the warning
    /// <see cref="VerificationWarningCodes.NonShortestEncoding"/>. When false, the response fails to decode with
    /// <c>cbor_non_shortest</c>. Either way, duplicate keys, indefinite lengths, trailing bytes and every other departure
    /// from the profile stay refused.
    /// </summary>
    public bool AcceptNonShortestEncoding { get; init; } = true;

    /// <summary>
    /// Bounds for decoding the response. Its <see cref="CborDecodeOptions.RequireShortestEncoding"/> is not used:
    /// <see cref="AcceptNonShortestEncoding"/> decides (a response is first read strictly, so that an accepted non-shortest
    /// encoding is always reported).
    /// </summary>
    public CborDecodeOptions DecodeOptions { get; init; } = CborDecodeOptions.Default;

    /// <summary>
    /// When a credential's Token Status List entry is checked (default <see cref="Status.StatusCheckPolicy.Auto"/>:
    /// when it references one, failing closed when the list cannot be had). Only <c>VerifyAsync</c> checks it; the
    /// synchronous <c>Verify</c> reports it as not checked.
    /// </summary>
    public Status.StatusCheckPolicy StatusCheck { get; init; } = Status.StatusCheckPolicy.Auto;

    /// <summary>Fetches, trusts and caches status lists for <c>VerifyAsync</c>; without it, a referenced list cannot be had (fail closed unless <see cref="StatusCheck"/> is off).</summary>
    public Status.StatusListChecker? StatusLists { get; init; }

    /// <summary>Checks the options as the constructor that takes them does, so a host can fail at start-up rather than at first use.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        PinnedSigners.Validate(PinnedDocumentSigners, nameof(PinnedDocumentSigners));
        if (TrustAnchors is null && PinnedDocumentSigners.Count == 0)
        {
            throw new ArgumentException("Trust anchors or pinned Document Signer certificates are required.", nameof(TrustAnchors));
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(ClockSkew), "The clock skew must be between 0 and 10 minutes.");
        }

        if (AllowedAlgorithms is null || AllowedAlgorithms.Count == 0
            || AllowedAlgorithms.Any(a => a is not (CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512 or CoseAlgorithm.EdDSA)))
        {
            throw new ArgumentException("Allowed algorithms must be a non-empty set of ES256, ES384, ES512 and EdDSA.", nameof(AllowedAlgorithms));
        }

        ArgumentNullException.ThrowIfNull(RequiredElements);
        DocumentCheckRunner.Validate(DocumentChecks, MdocVerifier.CheckNames, nameof(DocumentChecks));
        ArgumentNullException.ThrowIfNull(PseudonymDomains);
        ArgumentNullException.ThrowIfNull(DecodeOptions);
        if (!AcceptNonShortestEncoding && !DecodeOptions.RequireShortestEncoding)
        {
            throw new ArgumentException("DecodeOptions accept non-shortest encodings while AcceptNonShortestEncoding refuses them; set AcceptNonShortestEncoding alone.", nameof(DecodeOptions));
        }
    }
}
