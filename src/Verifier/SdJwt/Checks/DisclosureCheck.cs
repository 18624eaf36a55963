namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// RFC 9901 §7.1 processing over the received Disclosure strings: every digest appears once, every sent Disclosure
/// is referenced, no reserved names or collisions, shapes fit their place, undisclosed array elements are removed.
/// </summary>
internal sealed class DisclosureCheck : ISdJwtCheck
{
    public string Name => "disclosures";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.SdJwt.HashAlgorithm is null || !context.Options.AllowedHashAlgorithms.Contains(context.SdJwt.HashAlgorithmName))
        {
            return CheckStatus.NotRun;
        }

        var processing = context.SdJwt.Process(context.Options.MaxProcessingDepth);
        context.Processing = processing;
        context.Payload = processing.GetPayload();
        foreach (var problem in processing.Failures)
        {
            context.Fail(problem.Code, problem.Message);
        }

        return processing.IsValid ? CheckStatus.Passed : CheckStatus.Failed;
    }
}
