using Honnin.DocumentTypes;
using Honnin.Pseudonyms;

namespace Honnin.Holder.Presentation;

/// <summary>
/// The wallet's policy for one requested element, the same for every format: what the credential holds, a failed reader
/// signature, never-share elements, the person's deny list, domain pseudonyms only for verifiers registered for the
/// domain, elements outside a registration, and sensitive elements that wait for the person.
/// </summary>
internal sealed class PresentationPolicy(HolderOptions options)
{
    public const string ReaderSignatureInvalid = "reader_signature_invalid";

    /// <summary>Decides one element.</summary>
    /// <param name="nameSpace">The element's namespace (for SD-JWT VC, the namespace its document type gives the claim).</param>
    /// <param name="identifier">The element identifier (for SD-JWT VC, the top-level claim name).</param>
    /// <param name="definition">The element's definition, when the type defines it.</param>
    /// <param name="held">Whether the chosen credential holds it; null when no credential is held at all.</param>
    /// <param name="requester">The verifier, or null when the person selects the elements directly.</param>
    public (ElementDecision Decision, string Reason) Decide(string nameSpace, string identifier, ElementDefinition? definition, bool? held, RequesterIdentity? requester)
    {
        if (held is null)
        {
            return (ElementDecision.NotHeld, ElementReason.NoCredential);
        }

        if (held == false)
        {
            return (ElementDecision.NotHeld, ElementReason.NotInCredential);
        }

        if (requester is not null && requester.Problems.Contains(ReaderSignatureInvalid))
        {
            return (ElementDecision.Refused, ElementReason.ReaderAuthenticationFailed);
        }

        if (definition?.Disclosure == DisclosurePolicy.Never)
        {
            return (ElementDecision.Refused, ElementReason.NeverShared);
        }

        if (options.DenyList.Contains(nameSpace + "/" + identifier) || options.DenyList.Contains(identifier))
        {
            return (ElementDecision.Refused, ElementReason.OnDenyList);
        }

        if (nameSpace == HonninDocumentTypes.PseudonymNameSpace && PseudonymDomain.TryFromElementIdentifier(identifier, out var domain))
        {
            // A domain pseudonym goes only to a verifier a registrar registered for that domain, whoever asks.
            return requester?.Registration is { } registered && registered.BelongsTo(domain.Id)
                ? (ElementDecision.Disclose, ElementReason.Requested)
                : (ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered);
        }

        if (requester is null)
        {
            return (ElementDecision.Disclose, ElementReason.ConfirmedByPerson);
        }

        if (requester.Registration is { } registration && !registration.Allows(nameSpace, identifier))
        {
            return (ElementDecision.Excluded, ElementReason.OutsideRegistration);
        }

        if (requester.Registration is null && options.RequireRegistration)
        {
            return (ElementDecision.Excluded, ElementReason.VerifierNotRegistered);
        }

        return definition?.Disclosure == DisclosurePolicy.OnExplicitRequest
            ? (ElementDecision.NeedsConfirmation, ElementReason.SensitiveNeedsConfirmation)
            : (ElementDecision.Disclose, ElementReason.Requested);
    }

    /// <summary>Display names: the type's, or a description of a domain pseudonym, or the identifier itself.</summary>
    public static (string Ja, string En) DisplayNames(string nameSpace, string identifier, ElementDefinition? definition) =>
        definition is not null ? (definition.DisplayNameJa, definition.DisplayNameEn)
        : nameSpace == HonninDocumentTypes.PseudonymNameSpace && PseudonymDomain.TryFromElementIdentifier(identifier, out var domain)
            ? ($"{domain.Id} 分野の仮名", $"pseudonym for the {domain.Id} domain")
            : (identifier, identifier);
}
