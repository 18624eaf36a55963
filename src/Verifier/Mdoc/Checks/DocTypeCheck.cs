namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>The MSO's docType equals the docType the document claims.</summary>
internal sealed class DocTypeCheck : IMdocCheck
{
    public string Name => "doctype";

    public CheckStatus Run(MdocDocumentContext context) =>
        string.Equals(context.Mso.DocType, context.DocType, StringComparison.Ordinal)
            ? CheckStatus.Passed
            : context.Fail(VerificationFailureCodes.DocTypeMismatch, $"The document claims docType '{context.DocType}' but the MSO is for '{context.Mso.DocType}'.");
}
