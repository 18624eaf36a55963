using Honnin.SdJwt;
using Honnin.StatusLists;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// When the credential has a <c>status</c> claim, it is an object and its <c>status_list</c> reference (Token Status
/// List) is well-formed. Fetching and evaluating the list is the caller's step (see <see cref="StatusListToken"/>).
/// </summary>
internal sealed class StatusCheck : ISdJwtCheck
{
    public string Name => "status";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.Payload is not { } payload)
        {
            return CheckStatus.NotRun;
        }

        if (!SdJwtStatusClaim.TryRead(payload, out var reference, out var error))
        {
            return context.Fail(error.Code, error.Message);
        }

        context.StatusReference = reference;
        return CheckStatus.Passed;
    }
}
