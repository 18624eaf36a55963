using Honnin.Cbor;
using Honnin.DocumentTypes;
using Honnin.Pseudonyms;

namespace Honnin.Verifier.Mdoc.Checks;

/// <summary>
/// Domain pseudonyms (<c>jp.honnin.pseudonym.1/dp_&lt;domain&gt;</c>): those of the verifier's own domains become the
/// subject keys; any other domain's pseudonym fails the response, because a verifier must not be able to join records
/// across domains even when a wallet released too much.
/// </summary>
internal sealed class PseudonymDomainCheck : IMdocCheck
{
    public string Name => "pseudonym_domain";

    public CheckStatus Run(MdocDocumentContext context)
    {
        if (!context.IssuerSigned.NameSpaces.TryGetValue(HonninDocumentTypes.PseudonymNameSpace, out var items))
        {
            return CheckStatus.Passed;
        }

        var status = CheckStatus.Passed;
        foreach (var item in items)
        {
            if (!item.ElementIdentifier.StartsWith(HonninDocumentTypes.PseudonymElementPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var domain = item.ElementIdentifier[HonninDocumentTypes.PseudonymElementPrefix.Length..];
            if (!PseudonymDomain.TryCreate(domain, out var typed) || !context.Options.PseudonymDomains.Contains(typed))
            {
                status = context.Fail(VerificationFailureCodes.PseudonymForeignDomain, $"The response carries the pseudonym of domain '{domain}', which is not one of this verifier's domains.");
            }
            else if (item.ElementValue is CborTextString value)
            {
                context.SubjectKeys[domain] = value.Value;
            }
            else
            {
                status = context.Fail(VerificationFailureCodes.PseudonymMalformed, $"The pseudonym of domain '{domain}' is not a text value.");
            }
        }

        return status;
    }
}
