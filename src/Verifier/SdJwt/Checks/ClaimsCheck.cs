using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// The processed payload's registered claims: <c>iss</c> is a string (and the expected issuer, when configured);
/// for SD-JWT VC, <c>vct</c> is a string the verifier accepts, and no claim that must stay plain came from a Disclosure.
/// </summary>
internal sealed class ClaimsCheck : ISdJwtCheck
{
    private static readonly HashSet<string> NeverDisclosable = new(StringComparer.Ordinal)
    {
        "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status",
    };

    public string Name => "claims";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.Payload is not { } payload)
        {
            return CheckStatus.NotRun;
        }

        var status = CheckStatus.Passed;
        var iss = payload["iss"];
        if (iss is not null && !IsString(iss))
        {
            status = context.Fail(SdJwtFailureCodes.IssuerInvalid, "'iss' is not a string.");
        }
        else if (context.Options.ExpectedIssuer is { } expected && (iss is null || iss.GetValue<string>() != expected))
        {
            status = context.Fail(SdJwtFailureCodes.IssuerInvalid, "'iss' is missing or is not the expected issuer.");
        }

        if (context.Options.Profile != SdJwtVerificationProfile.SdJwtVc)
        {
            return status;
        }

        if (payload["vct"] is not { } vct || !IsString(vct))
        {
            status = context.Fail(SdJwtFailureCodes.VctMissing, "The SD-JWT VC has no string 'vct'.");
        }
        else if (context.Options.AcceptedVcts.Count > 0 && !context.Options.AcceptedVcts.Contains(vct.GetValue<string>()))
        {
            status = context.Fail(SdJwtFailureCodes.VctNotAccepted, $"The vct '{vct.GetValue<string>()}' is not one the verifier accepts.");
        }

        foreach (var disclosed in context.Processing!.DisclosedClaims)
        {
            var top = disclosed.Path.Segments[0].Name!;
            if (NeverDisclosable.Contains(top))
            {
                status = context.Fail(SdJwtFailureCodes.ClaimMustNotBeDisclosable, $"'{disclosed.Path}' came from a Disclosure; '{top}' must not be selectively disclosable in an SD-JWT VC.");
            }
        }

        return status;
    }

    internal static bool IsString(JsonNode node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;
}
