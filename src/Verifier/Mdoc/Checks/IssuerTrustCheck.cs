using Honnin.X509;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// The Document Signer certificate chains to a configured IACA (and only to one), every certificate is valid at
/// the verification time, and the DS fits the ISO 18013-5 Annex B profile (EKU 1.0.18013.5.1.2, key usage,
/// country matching the IACA).
/// </summary>
internal sealed class IssuerTrustCheck : IMdocCheck
{
    public string Name => "issuer_trust";

    public CheckStatus Run(MdocDocumentContext context)
    {
        if (context.IssuerChain.Count == 0)
        {
            return CheckStatus.NotRun;
        }

        var result = context.ChainValidator.Validate(context.IssuerChain, context.Now);
        if (result.IsValid)
        {
            return CheckStatus.Passed;
        }

        foreach (var problem in result.Failures)
        {
            context.Fail(problem.Code, problem.Message);
        }

        return CheckStatus.Failed;
    }
}
