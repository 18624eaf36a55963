using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Pseudonyms;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// Domain pseudonyms (<c>pseudonyms.&lt;domain&gt;</c> in the processed payload): those of the verifier's own domains become
/// the subject keys; any other domain's pseudonym fails the presentation, so that records cannot be joined across domains.
/// </summary>
internal sealed class PseudonymDomainCheck : ISdJwtCheck
{
    public string Name => "pseudonym_domain";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.Payload is not { } payload)
        {
            return CheckStatus.NotRun;
        }

        if (!payload.TryGetPropertyValue(PseudonymDomain.ClaimName, out var node))
        {
            return CheckStatus.Passed;
        }

        if (node is not JsonObject pseudonyms)
        {
            return context.Fail(VerificationFailureCodes.PseudonymMalformed, "The 'pseudonyms' claim is not an object.");
        }

        var status = CheckStatus.Passed;
        foreach (var (domain, value) in pseudonyms)
        {
            if (!PseudonymDomain.TryCreate(domain, out var typed) || !context.Options.PseudonymDomains.Contains(typed))
            {
                status = context.Fail(VerificationFailureCodes.PseudonymForeignDomain, $"The presentation carries the pseudonym of domain '{domain}', which is not one of this verifier's domains.");
            }
            else if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                context.SubjectKeys[domain] = text.GetValue<string>();
            }
            else
            {
                status = context.Fail(VerificationFailureCodes.PseudonymMalformed, $"The pseudonym of domain '{domain}' is not a string.");
            }
        }

        return status;
    }
}
