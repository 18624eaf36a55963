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
        else
        {
            status = BindIssuer(context, iss?.GetValue<string>());
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

    /// <summary>
    /// Decides the authenticated issuer. Under <c>x5c</c> trust, <c>iss</c> must be named by the validated leaf
    /// certificate (a SubjectAltName URI equal to it, or a dNSName equal to the host of an https <c>iss</c>); without
    /// <c>iss</c> the issuer is the leaf's subject. Under a configured key, <c>iss</c> is what that key signed. The
    /// expected issuer is compared only with this authenticated value, never with an unchecked claim.
    /// </summary>
    private static CheckStatus BindIssuer(SdJwtVcContext context, string? iss)
    {
        var status = CheckStatus.Passed;
        string? authenticated = null;
        if (context.IssuerNames is { } names)
        {
            if (iss is null)
            {
                authenticated = names.Subject;
            }
            else if (names.Names(iss))
            {
                authenticated = iss;
            }
            else
            {
                status = context.Fail(VerificationFailureCodes.SdJwtIssuerNotInCertificate, "'iss' is not named by the x5c leaf certificate (no SubjectAltName URI equal to it, and no dNSName equal to its https host).");
            }
        }
        else if (context.SignedByConfiguredKey)
        {
            authenticated = iss;
        }

        context.AuthenticatedIssuer = authenticated;
        if (context.Options.ExpectedIssuer is { } expected && !string.Equals(authenticated, expected, StringComparison.Ordinal))
        {
            return context.Fail(SdJwtFailureCodes.IssuerInvalid, authenticated is null
                ? "The issuer is not authenticated, so it cannot be the expected issuer."
                : "The authenticated issuer is not the expected issuer.");
        }

        return status;
    }

    internal static bool IsString(JsonNode node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;
}
