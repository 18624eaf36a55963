using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// The Issuer-signed JWT is explicitly typed: <c>dc+sd-jwt</c> for SD-JWT VC (<c>vc+sd-jwt</c> only when the
/// verifier opts in). Under the RFC 9901 profile any <c>typ</c> is accepted except <c>kb+jwt</c>, so a KB-JWT can
/// never stand in for an Issuer-signed JWT. An accepted <c>vc+sd-jwt</c> is reported as the warning
/// <see cref="VerificationWarningCodes.LegacyType"/>.
/// </summary>
internal sealed class TypeCheck : ISdJwtCheck
{
    public const string SdJwtVcType = "dc+sd-jwt";
    public const string LegacySdJwtVcType = "vc+sd-jwt";

    public string Name => "typ";

    public CheckStatus Run(SdJwtVcContext context)
    {
        var status = CheckStatus.Passed;
        var warned = false;
        foreach (var signature in context.SdJwt.IssuerSignatures)
        {
            var type = signature.Type;
            bool accepted = context.Options.Profile == SdJwtVerificationProfile.SdJwtVc
                ? type == SdJwtVcType || (context.Options.AcceptLegacyVcSdJwtTyp && type == LegacySdJwtVcType)
                : type != KeyBindingJwt.MediaType;
            if (accepted && !warned && type == LegacySdJwtVcType && context.Options.Profile == SdJwtVerificationProfile.SdJwtVc)
            {
                warned = true;
                context.Warn(VerificationWarningCodes.LegacyType, $"The Issuer-signed JWT typ is the legacy '{LegacySdJwtVcType}', accepted by the verifier's policy; current issuers write '{SdJwtVcType}'.");
            }

            if (!accepted)
            {
                status = context.Fail(
                    SdJwtFailureCodes.TypeInvalid,
                    context.Options.Profile == SdJwtVerificationProfile.SdJwtVc
                        ? $"The Issuer-signed JWT typ is '{type}', not '{SdJwtVcType}'."
                        : "The Issuer-signed JWT typ is 'kb+jwt'.");
            }
        }

        return status;
    }
}
