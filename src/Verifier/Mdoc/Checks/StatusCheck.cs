using Honnin.Mdoc;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// When the MSO has a <c>status</c>, it is a map and its <c>status_list</c> reference (Token Status List) is well-formed;
/// the reference travels on to <see cref="VerifiedDocument.Status"/>. Fetching and evaluating the list is a later step.
/// </summary>
internal sealed class StatusCheck : IMdocCheck
{
    public string Name => "status";

    public CheckStatus Run(MdocDocumentContext context)
    {
        if (context.IssuerSigned.MobileSecurityObject.Status is not { } status)
        {
            return CheckStatus.Passed;
        }

        if (!MdocStatus.TryRead(status, out var reference, out var error))
        {
            return context.Fail(error.Code, error.Message);
        }

        context.StatusReference = reference;
        return CheckStatus.Passed;
    }
}
