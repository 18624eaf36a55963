using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt.Checks;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.SdJwt;

/// <summary>
/// Verifies SD-JWT VC presentations (RFC 9901 with draft-ietf-oauth-sd-jwt-vc). The pipeline is fixed: decode →
/// <c>typ</c> → issuer signature (configured keys, or the <c>x5c</c> leaf) → issuer trust (<c>x5c</c> chain to an
/// IACA) → <c>_sd_alg</c> → Disclosures (RFC 9901 §7.1 over the received strings) → registered claims (<c>iss</c>,
/// <c>vct</c>, never-disclosable claims) → validity (<c>iat</c>, <c>nbf</c>, <c>exp</c> of the processed payload) →
/// key binding (by policy) → <c>status</c> claim shape → required claims. A presentation that is malformed, forged,
/// expired, unbound or untrusted gives a failed <see cref="VerificationResult"/>, never an exception. Instances are
/// safe to share between threads; their policy is fixed when they are built.
/// </summary>
/// <remarks>
/// With trust anchors, each instance keeps the <c>x5c</c> chains it has validated (at most 256, least recently used
/// out), keyed by the SHA-256 of the received chain: a later presentation with the same chain skips parsing the
/// certificates and building the chain, re-checks the validity periods at the new verification time, and still
/// verifies the Issuer-signed JWT. A chain that failed is never kept.
/// </remarks>
public sealed class SdJwtVcVerifier
{
    private const string DecodeCheck = "decode";

    private static readonly ISdJwtCheck[] CoreChecks =
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

    private readonly SdJwtVcVerifierOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly HashSet<string> _mandatory;
    private readonly CertificateChainValidator? _chainValidator;
    private readonly LoadedIssuerKeys _issuerKeys;

    // x5c chains this verifier has validated, keyed by their bytes: a hit skips loading the certificates and building
    // the X509Chain and re-checks only the time. Present when trust comes from anchors.
    private readonly ValidatedChainCache? _chainCache;

    /// <summary>Creates a verifier with a validated policy.</summary>
    /// <param name="options">The policy: trust, key binding, audience and nonce, time windows, algorithms.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SdJwtVcVerifier(SdJwtVcVerifierOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _issuerKeys = new LoadedIssuerKeys([.. options.IssuerKeys]);
        if (options.TrustAnchors is { } anchors)
        {
            _chainValidator = new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer, new CertificateChainValidationOptions { ClockSkew = options.ClockSkew });
            _chainCache = new ValidatedChainCache();
        }

        _mandatory = [DecodeCheck, .. CoreChecks.Select(c => c.Name)];
        if (options.RequiredClaims.Count > 0)
        {
            _mandatory.Add(RequiredClaims.Name);
        }
    }

    /// <summary>Decodes and verifies a presentation: compact SD-JWT(+KB), or its JWS JSON serialization.</summary>
    /// <param name="presentation">The presentation, as received.</param>
    /// <returns>The result; never throws for a bad presentation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="presentation"/> is null.</exception>
    public VerificationResult Verify(string presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        if (!Honnin.SdJwt.SdJwt.TryParse(presentation, out var sdJwt, out var error, _options.ParseOptions))
        {
            return new VerificationResult(
                [new CheckOutcome(DecodeCheck, CheckStatus.Failed, 0)],
                [new VerificationFailure(error.Code, error.Message, 0)],
                [],
                _mandatory);
        }

        return Verify(sdJwt);
    }

    /// <summary>Verifies a parsed presentation.</summary>
    /// <param name="sdJwt">The SD-JWT(+KB).</param>
    /// <returns>The result; never throws for a bad presentation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sdJwt"/> is null.</exception>
    public VerificationResult Verify(Honnin.SdJwt.SdJwt sdJwt)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        var checks = new List<CheckOutcome> { new(DecodeCheck, CheckStatus.Passed, 0) };
        var failures = new List<VerificationFailure>();
        var context = new SdJwtVcContext(sdJwt, _options, _issuerKeys, _chainValidator, _chainCache, _timeProvider.GetUtcNow(), failures);
        foreach (var check in CoreChecks)
        {
            checks.Add(new CheckOutcome(check.Name, check.Run(context), 0));
        }

        if (_options.RequiredClaims.Count > 0)
        {
            checks.Add(new CheckOutcome(RequiredClaims.Name, RequiredClaims.Run(context), 0));
        }

        var documents = failures.Count == 0 && context.Payload is { } payload ? [ToVerifiedDocument(sdJwt, payload, context.SubjectKeys, context.AuthenticatedIssuer)] : new List<VerifiedDocument>();
        return new VerificationResult(checks, failures, documents, _mandatory, context.Warnings);
    }

    private static VerifiedDocument ToVerifiedDocument(Honnin.SdJwt.SdJwt sdJwt, JsonObject payload, Dictionary<string, string> subjectKeys, string? issuer)
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
            subjectKeys.Count > 0 ? subjectKeys.AsReadOnly() : null);
    }
}
