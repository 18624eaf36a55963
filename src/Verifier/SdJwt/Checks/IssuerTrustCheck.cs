namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// With trust anchors: the <c>x5c</c> chain of the verified signature ends at a configured IACA, every certificate is
/// valid now, and the leaf fits the Document Signer profile. With issuer keys: the signature check already used a
/// configured key, so there is nothing further to establish.
/// </summary>
internal sealed class IssuerTrustCheck : ISdJwtCheck
{
    public string Name => "issuer_trust";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.ChainValidator is null)
        {
            return context.Options.IssuerKeys.Count > 0 ? CheckStatus.Passed : CheckStatus.NotRun;
        }

        if (context.IssuerChain.Count == 0)
        {
            return CheckStatus.NotRun;
        }

        var result = context.ChainValidator.Validate(context.IssuerChain, context.Now);
        result.Leaf?.Dispose();
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
