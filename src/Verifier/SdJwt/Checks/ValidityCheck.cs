using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// <c>iat</c>, <c>nbf</c> and <c>exp</c> of the processed payload (RFC 9901 §7.1 step 6: after Disclosures are
/// applied) are NumericDates, and the credential is valid now within the clock skew: not issued in the future,
/// not before <c>nbf</c>, and before <c>exp</c>. <c>exp</c> may be required by policy.
/// </summary>
internal sealed class ValidityCheck : ISdJwtCheck
{
    public string Name => "validity";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.Payload is not { } payload)
        {
            return CheckStatus.NotRun;
        }

        var status = CheckStatus.Passed;
        var now = context.Now;
        var skew = context.Options.ClockSkew;
        if (Read(context, payload, "iat", ref status) is { } iat && iat > now + skew)
        {
            status = context.Fail(SdJwtFailureCodes.IssuedInFuture, $"The credential was issued at {iat:yyyy-MM-dd'T'HH:mm:ss'Z'}, after the verification time {now:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        if (Read(context, payload, "nbf", ref status) is { } nbf && nbf > now + skew)
        {
            status = context.Fail(SdJwtFailureCodes.NotYetValid, $"The credential is valid from {nbf:yyyy-MM-dd'T'HH:mm:ss'Z'}, after the verification time {now:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        var exp = Read(context, payload, "exp", ref status);
        if (exp is { } expiry && now - skew >= expiry)
        {
            status = context.Fail(SdJwtFailureCodes.Expired, $"The credential expired at {expiry:yyyy-MM-dd'T'HH:mm:ss'Z'}, before the verification time {now:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }
        else if (exp is null && context.Options.RequireExpiration && payload["exp"] is null)
        {
            status = context.Fail(SdJwtFailureCodes.ExpirationMissing, "The verifier requires 'exp', and the credential has none.");
        }

        return status;
    }

    internal static DateTimeOffset? Read(SdJwtVcContext context, JsonObject payload, string name, ref CheckStatus status)
    {
        if (!payload.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        if (JwtNumericDate.TryRead(node, out var value))
        {
            return value;
        }

        status = context.Fail(SdJwtFailureCodes.ValidityClaimMalformed, $"'{name}' is not a NumericDate.");
        return null;
    }
}
