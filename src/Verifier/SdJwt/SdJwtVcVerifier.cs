using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.Checks;
using Honnin.Verifier.Status;
using Honnin.Verifier.SdJwt.Checks;
using Honnin.Verifier.Trust;
using Honnin.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Verifier.SdJwt;

/// <summary>
/// Verifies SD-JWT VC presentations (RFC 9901 with draft-ietf-oauth-sd-jwt-vc). The pipeline is fixed: decode →
/// <c>typ</c> → issuer signature (configured keys, or the <c>x5c</c> leaf) → issuer trust (<c>x5c</c> chain to an
/// IACA) → <c>_sd_alg</c> → Disclosures (RFC 9901 §7.1 over the received strings) → registered claims (<c>iss</c>,
/// <c>vct</c>, never-disclosable claims) → validity (<c>iat</c>, <c>nbf</c>, <c>exp</c> of the processed payload) →
/// key binding (by policy) → <c>status</c> claim shape → required claims. A presentation that is malformed, forged,
/// expired, unbound or untrusted gives a failed <see cref="VerificationResult"/>, never an exception. Instances are
/// safe to share between threads and meant to be long-lived (one per policy, e.g. a DI singleton): their policy is
/// fixed when they are built, and each call passes its exchange's audience and nonce as an <see cref="SdJwtSession"/>.
/// </summary>
/// <remarks>
/// With trust anchors, each instance keeps the <c>x5c</c> chains it has validated (at most 256, least recently used
/// out), keyed by the SHA-256 of the received chain: a later presentation with the same chain skips parsing the
/// certificates and building the chain, re-checks the validity periods at the new verification time, and still
/// verifies the Issuer-signed JWT. A chain that failed is never kept.
/// </remarks>
public sealed class SdJwtVcVerifier
{
    private static readonly IFormatCheck<SdJwtVcContext>[] CoreChecks =
    [
        new TypeCheck(),
        new IssuerSignatureCheck(),
        new IssuerTrustCheck(),
        new HashAlgorithmCheck(),
        new DisclosureCheck(),
        new ClaimsCheck(),
        new ValidityCheck(),
        new KeyBindingCheck(),
        new StatusCheck(),
        new PseudonymDomainCheck(),
    ];

    private static readonly RequiredClaimsCheck RequiredClaims = new();

    /// <summary>The names of the verifier's own checks, which a host's document check may not take.</summary>
    internal static IEnumerable<string> CheckNames => [VerifierPipeline<SdJwtVcContext>.DecodeCheck, .. CoreChecks.Select(c => c.Name), RequiredClaims.Name];

    private readonly SdJwtVcVerifierOptions _options;
    private readonly StatusStep _status;
    private readonly VerifierPipeline<SdJwtVcContext> _pipeline;
    private readonly CertificateChainValidator? _chainValidator;
    private readonly PinnedSigners _pinned;
    private readonly LoadedIssuerKeys _issuerKeys;

    // x5c chains this verifier has validated, keyed by their bytes: a hit skips loading the certificates and building
    // the X509Chain and re-checks only the time. Present when trust comes from anchors.
    private readonly ValidatedChainCache? _chainCache;

    /// <summary>Creates a verifier with a validated policy.</summary>
    /// <param name="options">The policy: trust, key binding, time windows, algorithms.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where each result is logged (codes and document types only, see <see cref="Logging.VerifierEventIds"/>); none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SdJwtVcVerifier(SdJwtVcVerifierOptions options, TimeProvider? timeProvider = null, ILogger<SdJwtVcVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _status = new StatusStep(options.StatusCheck, options.StatusLists, CredentialFormat.SdJwtVc, logger ?? (ILogger)NullLogger.Instance);
        _issuerKeys = new LoadedIssuerKeys([.. options.IssuerKeys]);
        _pinned = PinnedSigners.Create(options.PinnedIssuerCertificates, nameof(options.PinnedIssuerCertificates));
        if (options.TrustAnchors is { } anchors)
        {
            _chainValidator = new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer, new CertificateChainValidationOptions { ClockSkew = options.ClockSkew });
            _chainCache = new ValidatedChainCache();
        }

        IFormatCheck<SdJwtVcContext>[] postCore = options.RequiredClaims.Count > 0 ? [RequiredClaims] : [];
        _pipeline = new VerifierPipeline<SdJwtVcContext>(CredentialFormat.SdJwtVc, [], CoreChecks, postCore, options.DocumentChecks, timeProvider, logger);
    }

    /// <summary>Decodes and verifies a presentation received in an exchange: compact SD-JWT+KB, or its JWS JSON serialization.</summary>
    /// <param name="presentation">The presentation, as received.</param>
    /// <param name="session">The exchange's audience and nonce, which the KB-JWT must carry, and optionally the verification time.</param>
    /// <returns>The result; never throws for a bad presentation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VerificationResult Verify(string presentation, SdJwtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _status.Unchecked(Decode(presentation, session));
    }

    /// <summary>
    /// Decodes and verifies a presentation as <see cref="Verify(string, SdJwtSession)"/> does, then checks its Token
    /// Status List entry by <see cref="SdJwtVcVerifierOptions.StatusCheck"/> (fetching through
    /// <see cref="SdJwtVcVerifierOptions.StatusLists"/>): a revoked, suspended or unavailable status fails it.
    /// </summary>
    /// <param name="presentation">The presentation, as received.</param>
    /// <param name="session">The exchange's audience and nonce, and optionally the verification time.</param>
    /// <param name="cancellationToken">Cancels a status list fetch.</param>
    /// <returns>The result; never throws for a bad presentation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<VerificationResult> VerifyAsync(string presentation, SdJwtSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _status.CheckAsync(Decode(presentation, session), cancellationToken);
    }

    /// <summary>
    /// Decodes and verifies an SD-JWT VC outside an exchange (e.g. as issued, to check it before storing): no audience
    /// or nonce, so a KB-JWT, if present, fails with <see cref="VerificationFailureCodes.KeyBindingSessionMissing"/>.
    /// </summary>
    /// <param name="presentation">The SD-JWT, as received.</param>
    /// <returns>The result; never throws for a bad SD-JWT.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="presentation"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The verifier's policy requires key binding, which needs a session.</exception>
    public VerificationResult Verify(string presentation)
    {
        EnsureSessionNotRequired();
        return _status.Unchecked(Decode(presentation, null));
    }

    /// <summary>Decodes and verifies an SD-JWT VC outside an exchange (see <see cref="Verify(string)"/>), then checks its Token Status List entry.</summary>
    /// <param name="presentation">The SD-JWT, as received.</param>
    /// <param name="cancellationToken">Cancels a status list fetch.</param>
    /// <returns>The result; never throws for a bad SD-JWT.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="presentation"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The verifier's policy requires key binding, which needs a session.</exception>
    public Task<VerificationResult> VerifyAsync(string presentation, CancellationToken cancellationToken = default)
    {
        EnsureSessionNotRequired();
        return _status.CheckAsync(Decode(presentation, null), cancellationToken);
    }

    /// <summary>Verifies a parsed presentation received in an exchange.</summary>
    /// <param name="sdJwt">The SD-JWT+KB.</param>
    /// <param name="session">The exchange's audience and nonce, and optionally the verification time.</param>
    /// <returns>The result; never throws for a bad presentation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VerificationResult Verify(SelectiveDisclosureJwt sdJwt, SdJwtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _status.Unchecked(Run(sdJwt, session));
    }

    /// <summary>Verifies a parsed SD-JWT VC outside an exchange (see <see cref="Verify(string)"/>).</summary>
    /// <param name="sdJwt">The SD-JWT.</param>
    /// <returns>The result; never throws for a bad SD-JWT.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sdJwt"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The verifier's policy requires key binding, which needs a session.</exception>
    public VerificationResult Verify(SelectiveDisclosureJwt sdJwt)
    {
        EnsureSessionNotRequired();
        return _status.Unchecked(Run(sdJwt, null));
    }

    private void EnsureSessionNotRequired()
    {
        if (_options.KeyBinding == KeyBindingPolicy.Required)
        {
            throw new InvalidOperationException("This verifier requires key binding: pass the exchange's SdJwtSession (audience and nonce).");
        }
    }

    private VerificationResult Decode(string presentation, SdJwtSession? session)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        if (!SelectiveDisclosureJwt.TryParse(presentation, out var sdJwt, out var error, _options.ParseOptions))
        {
            return _pipeline.DecodeFailed(error, 0, _pipeline.Mandatory, []);
        }

        return Run(sdJwt, session);
    }

    private VerificationResult Run(SelectiveDisclosureJwt sdJwt, SdJwtSession? session)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        var checks = new List<CheckOutcome> { new(VerifierPipeline<SdJwtVcContext>.DecodeCheck, CheckStatus.Passed, 0) };
        var failures = new List<VerificationFailure>();
        var now = _pipeline.Now(session?.At);
        var context = new SdJwtVcContext(sdJwt, _options, _issuerKeys, _chainValidator, _pinned, _chainCache, session, now, failures);
        var verified = _pipeline.RunDocument(context, 0, ToVerifiedDocument, now, checks, failures, context.Warnings);
        return _pipeline.Finish(checks, failures, verified is null ? [] : [verified], _pipeline.Mandatory, context.Warnings);
    }

    private static VerifiedDocument? ToVerifiedDocument(SdJwtVcContext context) =>
        context.Payload is { } payload ? ToVerifiedDocument(context.SdJwt, payload, context.SubjectKeys, context.AuthenticatedIssuer, context.StatusReference, context.Processing) : null;

    private static VerifiedDocument ToVerifiedDocument(SelectiveDisclosureJwt sdJwt, JsonObject payload, Dictionary<string, string> subjectKeys, string? issuer, StatusLists.StatusListReference? status, SdJwtProcessingResult? processing)
    {
        var claims = (JsonObject)payload.DeepClone();
        var vct = payload["vct"] is { } vctNode && ClaimsCheck.IsString(vctNode) ? vctNode.GetValue<string>() : sdJwt.IssuerSigned.Type ?? string.Empty;
        DateTimeOffset? validFrom = JwtNumericDate.TryRead(payload["nbf"], out var nbf) ? nbf : JwtNumericDate.TryRead(payload["iat"], out var iat) ? iat : null;
        DateTimeOffset? validUntil = JwtNumericDate.TryRead(payload["exp"], out var exp) ? exp : null;
        return new VerifiedDocument(
            CredentialFormat.SdJwtVc,
            vct,
            new Dictionary<string, IReadOnlyDictionary<string, Cbor.CborValue>>(StringComparer.Ordinal),
            claims,
            validFrom,
            validUntil,
            issuer,
            subjectKeys.Count > 0 ? subjectKeys.AsReadOnly() : null,
            status,
            processing is null ? [] : [.. processing.DisclosedClaims.Select(c => c.Path)]);
    }
}
