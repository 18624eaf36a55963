using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// With trust anchors: the <c>x5c</c> chain of the verified signature ends at a configured IACA, every certificate is
/// valid now, and the leaf fits the SD-JWT VC issuer profile (<see cref="SdJwtVcCertificateProfile"/>). With issuer keys: the signature check already used a
/// configured key, so there is nothing further to establish.
/// </summary>
/// <remarks>
/// A chain the verifier validated before (same <c>x5c</c> bytes, same anchors) is re-checked only in time; when it is
/// outside its validity window, it is validated in full, so that the failures are exactly an uncached validation's.
/// A chain that validates is kept for later presentations.
/// </remarks>
internal sealed class IssuerTrustCheck : ISdJwtCheck
{
    public string Name => "issuer_trust";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.Options.IssuerKeys.Count > 0)
        {
            return CheckStatus.Passed;
        }

        if (context.IssuerChain.Count == 0)
        {
            return CheckStatus.NotRun;
        }

        // A pinned issuer certificate: trusted as it is, while valid; its names still bind iss.
        if (context.Pinned.TryCheck(context.IssuerChain[0].Span, context.Now, context.Options.ClockSkew, out var pinnedProblem))
        {
            if (pinnedProblem is not null)
            {
                return context.Fail(pinnedProblem.Code, pinnedProblem.Message);
            }

            using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(context.IssuerChain[0].Span);
            return Authenticated(context, SdJwtVcIssuerNames.TryRead(leaf));
        }

        if (context.ChainValidator is null)
        {
            return context.Fail(CertificateProblemCodes.UntrustedIssuer, "The x5c leaf certificate is not one of the pinned issuer certificates, and no trust anchor is configured.");
        }

        if (context.CachedChain is { } cached && cached.IsValidAt(context.Now, context.ChainValidator.ClockSkew))
        {
            return Authenticated(context, cached.LeafNames);
        }

        var result = context.ChainValidator.Validate(context.IssuerChain, context.Now);
        using (result.Leaf)
        {
            if (result.IsValid)
            {
                if (context.CachedChain is null && context.ChainCache is { } cache && ValidatedChain.TryCreate(result.Leaf!, result) is { } validated)
                {
                    cache.Add(context.IssuerChainDigest, validated);
                }

                return Authenticated(context, SdJwtVcIssuerNames.TryRead(result.Leaf!));
            }
        }

        foreach (var problem in result.Failures)
        {
            context.Fail(problem.Code, problem.Message);
        }

        return CheckStatus.Failed;
    }

    private static CheckStatus Authenticated(SdJwtVcContext context, SdJwtVcIssuerNames? names)
    {
        if (names is null)
        {
            return context.Fail(CertificateProblemCodes.CertificateMalformed, "The x5c leaf certificate's SubjectAltName extension cannot be decoded, or occurs twice.");
        }

        context.IssuerNames = names;
        return CheckStatus.Passed;
    }
}
