using System.Text;
using Honnin.DocumentTypes;
using Honnin.Pseudonyms;
using Honnin.SdJwt;

namespace Honnin.Holder.Presentation;

/// <summary>
/// The wallet's policy for one element, the same for every format: what the credential holds, a rejected request,
/// never-share elements, the person's deny list, domain pseudonyms only for verifiers registered for the domain, and
/// what a verifier may get without the person adding it element by element. Decisions are per element that would be
/// released — never per requested path — so a parent path, a wildcard or a whole namespace cannot carry more out than
/// its parts would.
/// </summary>
internal sealed class PresentationPolicy(HolderOptions options)
{
    // The person's entries as they would be typed: in any case and in full-width forms (NFKC), so "Remarks" or
    // "ｒｅｍａｒｋｓ" from a Japanese input method denies "remarks". Denying more than was meant is the safe side.
    private readonly HashSet<string> _denied = [.. options.DenyList.Select(Fold)];

    // Entries written as claim paths ("pseudonyms", "pseudonyms.tax", "dependents_list[*]"); "namespace/identifier"
    // entries are matched as names only.
    private readonly ClaimPath[] _deniedPaths = [.. options.DenyList
        .Select(Fold)
        .Where(entry => !entry.Contains('/', StringComparison.Ordinal))
        .Select(entry => ClaimPath.TryParse(entry, out var path) ? path : null)
        .OfType<ClaimPath>()];

    /// <summary>Decides one element.</summary>
    /// <param name="element">The element (for SD-JWT VC, the namespace and identifier its document type gives the claim).</param>
    /// <param name="definition">The element's definition, when the type defines it.</param>
    /// <param name="claimPath">SD-JWT VC: the element's claim path, for deny-list entries written as paths; null for mdoc.</param>
    /// <param name="held">Whether the chosen credential holds it; null when no credential is held at all.</param>
    /// <param name="requester">The verifier, or null when the person selects the elements directly.</param>
    public (ElementDecision Decision, string Reason) Decide(ElementId element, ElementDefinition? definition, string? claimPath, bool? held, RequesterIdentity? requester)
    {
        if (held is null)
        {
            return (ElementDecision.NotHeld, ElementReason.NoCredential);
        }

        if (held == false)
        {
            return (ElementDecision.NotHeld, ElementReason.NotInCredential);
        }

        if (requester is not null && requester.IsRejected)
        {
            return (ElementDecision.Refused, RejectionReason(requester));
        }

        if (definition?.Disclosure == DisclosurePolicy.Never)
        {
            return (ElementDecision.Refused, ElementReason.NeverShared);
        }

        if (IsDenied(element, claimPath))
        {
            return (ElementDecision.Refused, ElementReason.OnDenyList);
        }

        if (IsPseudonymNameSpace(element.NameSpace))
        {
            // A domain pseudonym goes only to a verifier a registrar registered for that domain, whoever asks and
            // however the request names it; anything else in the pseudonym namespace is refused outright.
            return MayReceivePseudonym(element, requester)
                ? (ElementDecision.Disclose, ElementReason.Requested)
                : (ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered);
        }

        if (requester is null)
        {
            return (ElementDecision.Disclose, ElementReason.ConfirmedByPerson);
        }

        // An unauthenticated or unregistered verifier never gets more than a registered one would: nothing unless the
        // person adds it, element by element.
        if (!requester.Authenticated)
        {
            return (ElementDecision.Excluded, ElementReason.VerifierNotAuthenticated);
        }

        if (requester.Registration is not { } registration)
        {
            return (ElementDecision.Excluded, ElementReason.VerifierNotRegistered);
        }

        if (!registration.Allows(element))
        {
            return (ElementDecision.Excluded, ElementReason.OutsideRegistration);
        }

        return definition?.Disclosure == DisclosurePolicy.OnExplicitRequest
            ? (ElementDecision.NeedsConfirmation, ElementReason.SensitiveNeedsConfirmation)
            : (ElementDecision.Disclose, ElementReason.Requested);
    }

    /// <summary>
    /// The last check before anything leaves the wallet, independent of the plan: every element about to be released
    /// that the policy refuses outright (a pseudonym of an unregistered domain, a never-share element, the deny list,
    /// a rejected request) stops the presentation.
    /// </summary>
    /// <param name="released">The elements about to be released, with their definitions and SD-JWT claim paths.</param>
    /// <param name="requester">The verifier, or null for the person's own selection.</param>
    /// <exception cref="InvalidOperationException">An element the policy refuses would be released.</exception>
    public void EnsureReleasable(IEnumerable<(ElementId Element, ElementDefinition? Definition, string? ClaimPath)> released, RequesterIdentity? requester)
    {
        foreach (var (element, definition, claimPath) in released)
        {
            var (decision, _) = Decide(element, definition, claimPath, held: true, requester);
            if (decision == ElementDecision.Refused)
            {
                throw new InvalidOperationException($"The wallet's policy refuses '{element}'; the presentation is not made.");
            }
        }
    }

    /// <summary>Whether a namespace is the pseudonym namespace.</summary>
    public static bool IsPseudonymNameSpace(string nameSpace) => nameSpace == HonninDocumentTypes.PseudonymNameSpace;

    /// <summary>Display names: the type's, or a description of a domain pseudonym, or the identifier itself.</summary>
    public static (string Ja, string En) DisplayNames(ElementId element, ElementDefinition? definition) =>
        definition is not null ? (definition.DisplayNameJa, definition.DisplayNameEn)
        : IsPseudonymNameSpace(element.NameSpace) && PseudonymDomain.TryFromElementIdentifier(element.Identifier, out var domain)
            ? ($"{domain.Id} 分野の仮名", $"pseudonym for the {domain.Id} domain")
            : (element.Identifier, element.Identifier);

    private static bool MayReceivePseudonym(ElementId element, RequesterIdentity? requester) =>
        PseudonymDomain.TryFromElementIdentifier(element.Identifier, out var domain)
        && requester is { Authenticated: true, IsRejected: false, Registration: { } registration }
        && registration.BelongsTo(domain);

    private static string RejectionReason(RequesterIdentity requester) =>
        requester.Problems.Contains(RequesterProblem.SharingStopped) ? ElementReason.SharingStopped
        : requester.Problems.Contains(RequesterProblem.SignatureInvalid) ? ElementReason.ReaderAuthenticationFailed
        : requester.Problems.Contains(RequesterProblem.RequestNotBound) ? ElementReason.RequestNotBound
        : ElementReason.RequestNotFresh;

    /// <summary>
    /// Whether a claim path lies within an entry of the person's deny list written as a path (wildcard-aware:
    /// <c>dependents_list[*]</c> denies <c>dependents_list[1].full_name</c>).
    /// </summary>
    /// <param name="claimPath">A path that would be revealed.</param>
    /// <returns>True when an entry denies it.</returns>
    public bool IsDeniedPath(ClaimPath claimPath)
    {
        if (_deniedPaths.Length == 0)
        {
            return false;
        }

        var folded = new ClaimPath(claimPath.Segments.Select(s => s.Name is { } name ? ClaimPathSegment.ForName(Fold(name)) : s));
        return _deniedPaths.Any(denied => denied.IsPrefixOf(folded));
    }

    private bool IsDenied(ElementId element, string? claimPath)
    {
        var deny = _denied;
        if (deny.Count == 0)
        {
            return false;
        }

        if (deny.Contains(Fold(element.ToString())) || deny.Contains(Fold(element.Identifier)) || deny.Contains(Fold(element.NameSpace)))
        {
            return true;
        }

        // mdoc releases an element whole, so an entry for any part of it (dependents_list[0]) denies the element. An
        // SD-JWT claim path is denied when it lies within an entry; what a path would reveal inside it is checked by
        // the caller against the Disclosures (IsDeniedPath).
        var whole = claimPath is null;
        if (whole)
        {
            claimPath = IsPseudonymNameSpace(element.NameSpace) && PseudonymDomain.TryFromElementIdentifier(element.Identifier, out var domain)
                ? domain.ClaimPath
                : element.Identifier;
        }

        if (!ClaimPath.TryParse(Fold(claimPath!), out var path))
        {
            return false;
        }

        return IsDeniedPath(path) || (whole && _deniedPaths.Any(path.IsPrefixOf));
    }

    private static string Fold(string name)
    {
        try
        {
            return name.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // Not well-formed UTF-16 (a lone surrogate): compared as written.
            return name.ToLowerInvariant();
        }
    }
}
