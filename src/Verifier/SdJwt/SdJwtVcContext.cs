using System.Text.Json.Nodes;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt.Checks;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.SdJwt;

/// <summary>What the checks of one SD-JWT share: the inputs, and what earlier checks established.</summary>
internal sealed class SdJwtVcContext(SelectiveDisclosureJwt sdJwt, SdJwtVcVerifierOptions options, LoadedIssuerKeys issuerKeys, CertificateChainValidator? chainValidator, PinnedSigners pinned, ValidatedChainCache? chainCache, SdJwtSession? session, DateTimeOffset now, List<VerificationFailure> failures)
{
    public SelectiveDisclosureJwt SdJwt { get; } = sdJwt;

    public SdJwtVcVerifierOptions Options { get; } = options;

    /// <summary>The configured issuer keys (<see cref="SdJwtVcVerifierOptions.IssuerKeys"/>), kept loaded by the verifier.</summary>
    public LoadedIssuerKeys IssuerKeys { get; } = issuerKeys;

    public CertificateChainValidator? ChainValidator { get; } = chainValidator;

    /// <summary>The issuer certificates trusted directly.</summary>
    public PinnedSigners Pinned { get; } = pinned;

    /// <summary>The verifier's validated chains, when trust comes from anchors.</summary>
    public ValidatedChainCache? ChainCache { get; } = chainCache;

    /// <summary>The exchange's audience and nonce; null when the caller verifies without one (no key binding to check).</summary>
    public SdJwtSession? Session { get; } = session;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The <c>x5c</c> certificates (DER) of the signature that verified, when trust comes from anchors.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> IssuerChain { get; set; } = [];

    /// <summary>The digest of <see cref="IssuerChain"/>.</summary>
    public ChainDigest IssuerChainDigest { get; set; }

    /// <summary>The verifier's earlier validation of <see cref="IssuerChain"/>, when the signature verified with its key.</summary>
    public ValidatedChain? CachedChain { get; set; }

    /// <summary>Whether the Issuer-signed JWT verified with a configured issuer key (not an <c>x5c</c> certificate).</summary>
    public bool SignedByConfiguredKey { get; set; }

    /// <summary>Where the credential's status is published, when its <c>status</c> claim says (set by the status check).</summary>
    public StatusLists.StatusListReference? StatusReference { get; set; }

    /// <summary>The names of the <c>x5c</c> leaf certificate, once the issuer trust check has validated its chain.</summary>
    public SdJwtVcIssuerNames? IssuerNames { get; set; }

    /// <summary>
    /// The issuer as authenticated, once the claims check has bound it: the <c>iss</c> of a JWT signed by a configured key
    /// or named by the validated leaf certificate, or (without <c>iss</c>) the leaf certificate's subject.
    /// </summary>
    public string? AuthenticatedIssuer { get; set; }

    /// <summary>The result of RFC 9901 §7.1 processing, once the disclosures check has run.</summary>
    public SdJwtProcessingResult? Processing { get; set; }

    /// <summary>The processed payload, when processing succeeded (the context's own copy).</summary>
    public JsonObject? Payload { get; set; }

    /// <summary>The pseudonyms of the verifier's own domains, once the pseudonym check found them.</summary>
    public Dictionary<string, string> SubjectKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>What the checks accepted but report, in the order they ran.</summary>
    public List<VerificationWarning> Warnings { get; } = [];

    public void Warn(string code, string message) => Warnings.Add(new VerificationWarning(code, message, 0));

    public CheckStatus Fail(string code, string message)
    {
        failures.Add(new VerificationFailure(code, message, 0));
        return CheckStatus.Failed;
    }
}
