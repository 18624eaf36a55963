using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Pseudonyms;
using Honnin.SdJwt;
using Honnin.Verifier.Checks;
using Honnin.X509;

namespace Honnin.Verifier.SdJwt;

/// <summary>
/// The SD-JWT VC verifier's security policy, validated when a <see cref="SdJwtVcVerifier"/> is built. Trust is
/// required — either issuer public keys or IACA trust anchors for the <c>x5c</c> header, never both — and nothing
/// is trusted by default. The options hold the policy only: the audience and nonce of each exchange travel with the
/// call as an <see cref="SdJwtSession"/>, so one verifier serves every request.
/// </summary>
public sealed record SdJwtVcVerifierOptions
{
    /// <summary>The issuer public keys trusted to sign the Issuer-signed JWT. When the JWS header and a key both carry a <c>kid</c>, they must be equal.</summary>
    public IReadOnlyList<JsonWebKey> IssuerKeys { get; init; } = [];

    /// <summary>CA certificates (IACAs or other issuing roots) that the Issuer-signed JWT's <c>x5c</c> chain must end at; the leaf is held to <see cref="SdJwtVcCertificateProfile"/>, and intermediates are allowed.</summary>
    public TrustAnchorSet? TrustAnchors { get; init; }

    /// <summary>
    /// Issuer certificates (DER) trusted directly, for issuers that publish their signing certificate rather than a CA:
    /// an Issuer-signed JWT whose <c>x5c</c> leaf is exactly one of them is trusted without a chain, while the certificate
    /// is valid at the verification time; <c>iss</c> is bound to it as to any <c>x5c</c> leaf. May be combined with
    /// <see cref="TrustAnchors"/>, not with <see cref="IssuerKeys"/>.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> PinnedIssuerCertificates { get; init; } = [];

    /// <summary>When set, <c>iss</c> must equal it.</summary>
    public string? ExpectedIssuer { get; init; }

    /// <summary>Whether a KB-JWT is required. Default <see cref="KeyBindingPolicy.Required"/>.</summary>
    public KeyBindingPolicy KeyBinding { get; init; } = KeyBindingPolicy.Required;

    /// <summary>How old a KB-JWT <c>iat</c> may be. Default 5 minutes; between 1 second and 1 day.</summary>
    public TimeSpan IatWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerance applied to every time comparison (<c>iat</c>, <c>nbf</c>, <c>exp</c>, KB <c>iat</c>, certificates). Default 0; at most 10 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Signature algorithms accepted for the Issuer-signed JWT and the KB-JWT. Default ES256, ES384, ES512, EdDSA: the
    /// algorithms of SD-JWT VC issuers such as the EU PIDs (ES256) and of HAIP. The RSA algorithms (RS256, RS384, RS512,
    /// PS256, PS384, PS512; keys of at least 2048 bits, from a JWK or an <c>x5c</c> certificate) are supported and accepted
    /// only when listed here, for ecosystems whose issuers sign with RSA. <c>none</c> and MAC algorithms can never be listed.
    /// </summary>
    public IReadOnlySet<CoseAlgorithm> AllowedAlgorithms { get; init; } =
        new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256, CoseAlgorithm.ES384, CoseAlgorithm.ES512, CoseAlgorithm.EdDSA };

    /// <summary>
    /// <c>_sd_alg</c> values accepted (exact, case-sensitive IANA "Named Information Hash Algorithm" names). Default only
    /// <c>sha-256</c>, which RFC 9901 makes mandatory to support and which the issuers seen in practice use; <c>sha-384</c>,
    /// <c>sha-512</c>, <c>sha3-256</c>, <c>sha3-384</c> and <c>sha3-512</c> are accepted when listed (the SHA-3 names only
    /// where the platform provides SHA-3, see <see cref="SdHashAlgorithm.TryFromName"/>).
    /// </summary>
    public IReadOnlySet<string> AllowedHashAlgorithms { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "sha-256" };

    /// <summary>Whether the pre-November-2024 <c>typ</c> <c>vc+sd-jwt</c> is accepted besides <c>dc+sd-jwt</c>. Off by default.</summary>
    public bool AcceptLegacyVcSdJwtTyp { get; init; }

    /// <summary>Which rules apply on top of RFC 9901. Default <see cref="SdJwtVerificationProfile.SdJwtVc"/>.</summary>
    public SdJwtVerificationProfile Profile { get; init; } = SdJwtVerificationProfile.SdJwtVc;

    /// <summary>The <c>vct</c> values accepted; empty (the default) accepts any.</summary>
    public IReadOnlyCollection<string> AcceptedVcts { get; init; } = [];

    /// <summary>Whether <c>exp</c> must be present. Off by default (SD-JWT VC makes it optional).</summary>
    public bool RequireExpiration { get; init; }

    /// <summary>Claims that must be present in the processed payload. Empty by default.</summary>
    public IReadOnlyCollection<ClaimPath> RequiredClaims { get; init; } = [];

    /// <summary>
    /// The host's own checks, run in this order on each document that passed every built-in check; a document that fails
    /// one is not in the result. Each name must be unique and not one of the verifier's own.
    /// </summary>
    public IReadOnlyList<IDocumentCheck> DocumentChecks { get; init; } = [];

    /// <summary>
    /// The verifier's own pseudonym domains, as its registration names them. Their pseudonyms (<c>pseudonyms.&lt;domain&gt;</c>)
    /// become the result's subject keys; a pseudonym of any other domain fails the presentation. Empty by default.
    /// </summary>
    public IReadOnlySet<PseudonymDomain> PseudonymDomains { get; init; } = new HashSet<PseudonymDomain>();

    /// <summary>Bounds for reading the presentation.</summary>
    public SdJwtParseOptions ParseOptions { get; init; } = SdJwtParseOptions.Default;

    /// <summary>The deepest nesting the processed payload may reach.</summary>
    public int MaxProcessingDepth { get; init; } = SelectiveDisclosureJwt.DefaultMaxProcessingDepth;

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
        var hasKeys = IssuerKeys is { Count: > 0 };
        Trust.PinnedSigners.Validate(PinnedIssuerCertificates, nameof(PinnedIssuerCertificates));
        if (hasKeys == (TrustAnchors is not null || PinnedIssuerCertificates.Count > 0))
        {
            throw new ArgumentException("Exactly one kind of trust is required: issuer keys, or certificates for x5c (trust anchors, pinned issuer certificates or both).", nameof(IssuerKeys));
        }

        if (IssuerKeys is null || IssuerKeys.Any(k => k is null))
        {
            throw new ArgumentException("Issuer keys must not be null.", nameof(IssuerKeys));
        }

        if (!Enum.IsDefined(KeyBinding))
        {
            throw new ArgumentOutOfRangeException(nameof(KeyBinding), KeyBinding, "Unknown key binding policy.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(ClockSkew), "The clock skew must be between 0 and 10 minutes.");
        }

        if (IatWindow < TimeSpan.FromSeconds(1) || IatWindow > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(IatWindow), "The KB-JWT iat window must be between 1 second and 1 day.");
        }

        if (AllowedAlgorithms is null || AllowedAlgorithms.Count == 0 || AllowedAlgorithms.Any(a => !JwsAlgorithms.TryParse(JwsName(a), out _)))
        {
            throw new ArgumentException("Allowed algorithms must be a non-empty set of signature algorithms.", nameof(AllowedAlgorithms));
        }

        if (AllowedHashAlgorithms is null || AllowedHashAlgorithms.Count == 0 || AllowedHashAlgorithms.Any(n => !SdHashAlgorithm.TryFromName(n, out _)))
        {
            throw new ArgumentException("Allowed hash algorithms must be a non-empty set of supported names (sha-256, sha-384, sha-512, sha3-256, sha3-384, sha3-512).", nameof(AllowedHashAlgorithms));
        }

        if (!Enum.IsDefined(Profile))
        {
            throw new ArgumentOutOfRangeException(nameof(Profile), Profile, "Unknown profile.");
        }

        ArgumentNullException.ThrowIfNull(AcceptedVcts);
        ArgumentNullException.ThrowIfNull(RequiredClaims);
        DocumentCheckRunner.Validate(DocumentChecks, SdJwtVcVerifier.CheckNames, nameof(DocumentChecks));
        ArgumentNullException.ThrowIfNull(ParseOptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxProcessingDepth, 1);
    }

    private static string JwsName(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512 or CoseAlgorithm.EdDSA
            or CoseAlgorithm.RS256 or CoseAlgorithm.RS384 or CoseAlgorithm.RS512
            or CoseAlgorithm.PS256 or CoseAlgorithm.PS384 or CoseAlgorithm.PS512 => JwsAlgorithms.ToName(algorithm),
        _ => string.Empty,
    };
}
