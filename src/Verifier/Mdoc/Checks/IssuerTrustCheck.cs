using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// The Document Signer certificate chains to a configured IACA (and only to one), every certificate is valid at
/// the verification time, and the DS fits the ISO 18013-5 Annex B profile (EKU 1.0.18013.5.1.2, key usage,
/// country matching the IACA). Or the DS certificate is one the verifier pinned, exactly, and valid at the time.
/// </summary>
/// <remarks>
/// A chain the verifier validated before (same x5chain bytes, same anchors) is re-checked only in time; when it is
/// outside its validity window, it is validated in full, so that the failures are exactly an uncached validation's.
/// A chain that validates, with an <c>issuerAuth</c> that verified with its key, is kept for later responses.
/// </remarks>
internal sealed class IssuerTrustCheck : IMdocCheck
{
    public string Name => "issuer_trust";

    public CheckStatus Run(MdocDocumentContext context)
    {
        if (context.Pinned.Count > 0 && Leaf(context) is { } leaf && context.Pinned.TryCheck(leaf.Span, context.Now, context.Options.ClockSkew, out var pinnedProblem))
        {
            return pinnedProblem is null ? CheckStatus.Passed : context.Fail(pinnedProblem.Code, pinnedProblem.Message);
        }

        if (context.ChainValidator is not { } validator)
        {
            return context.Fail(CertificateProblemCodes.UntrustedIssuer, "The Document Signer certificate is not one of the pinned certificates, and no IACA trust anchor is configured.");
        }

        if (context.CachedChain is { } cached)
        {
            if (cached.IsValidAt(context.Now, validator.ClockSkew))
            {
                return CheckStatus.Passed;
            }

            // The same bytes loaded when the chain was first validated.
            if (IssuerSignatureCheck.TryLoad(context.IssuerSigned.IssuerAuth.Headers.X5Chain) is not { } chain)
            {
                return context.Fail(VerificationFailureCodes.IssuerCertificateMissing, "An x5chain certificate of issuerAuth cannot be read.");
            }

            context.IssuerChain = chain;
        }

        if (context.IssuerChain.Count == 0)
        {
            return CheckStatus.NotRun;
        }

        var result = validator.Validate(context.IssuerChain, context.Now);
        if (result.IsValid)
        {
            if (context.CachedChain is null && context.IssuerSignatureVerified && ValidatedChain.TryCreate(context.IssuerChain[0], result) is { } validated)
            {
                context.ChainCache.Add(context.IssuerChainDigest, validated);
            }

            return CheckStatus.Passed;
        }

        foreach (var problem in result.Failures)
        {
            context.Fail(problem.Code, problem.Message);
        }

        return CheckStatus.Failed;
    }

    // The x5chain leaf as received; null when the header is missing or malformed (the signature check reports that).
    private static ReadOnlyMemory<byte>? Leaf(MdocDocumentContext context)
    {
        try
        {
            var x5chain = context.IssuerSigned.IssuerAuth.Headers.X5Chain;
            return x5chain.Count > 0 ? x5chain[0] : null;
        }
        catch (CredentialFormatException)
        {
            return null;
        }
    }
}
