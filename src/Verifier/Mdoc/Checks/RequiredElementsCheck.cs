namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>Every element the verifier's policy requires was disclosed.</summary>
internal sealed class RequiredElementsCheck : IMdocCheck
{
    public string Name => "required_elements";

    public CheckStatus Run(MdocDocumentContext context)
    {
        var status = CheckStatus.Passed;
        var nameSpaces = context.IssuerSigned.NameSpaces;
        foreach (var (nameSpace, identifier) in context.Options.RequiredElements)
        {
            if (!nameSpaces.TryGetValue(nameSpace, out var items) || !items.Any(i => i.ElementIdentifier == identifier))
            {
                status = context.Fail(VerificationFailureCodes.ElementMissing, $"The required element '{identifier}' of namespace '{nameSpace}' was not disclosed.");
            }
        }

        return status;
    }
}
