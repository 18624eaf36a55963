using System.Text.Json.Nodes;
using Honnin.DocumentTypes;
using Honnin.Pseudonyms;
using Honnin.SdJwt;

namespace Honnin.Holder.SdJwt;

/// <summary>
/// What each Disclosure of a stored SD-JWT VC would reveal, as elements the policy can decide: its own claim and every
/// value it carries in plain form (not behind a nested digest). The wallet plans and releases by these elements, never by
/// the requested paths, so a request for a parent (<c>pseudonyms</c>), a wildcard or a container the issuer disclosed
/// as one piece carries out exactly the elements the policy allows, or nothing.
/// </summary>
internal sealed class SdJwtDisclosureMap
{
    private const string SdKey = "_sd";
    private const string ArrayElementKey = "...";

    private readonly SelectiveDisclosureJwt _sdJwt;
    private readonly DocumentType? _type;
    private readonly string _fallbackNameSpace;
    private readonly IReadOnlyList<DisclosedClaim> _claims;
    private readonly List<LocatedElement>[] _reveals;
    private readonly List<LocatedElement>[] _revealedPaths;

    private SdJwtDisclosureMap(SelectiveDisclosureJwt sdJwt, DocumentType? type, string fallbackNameSpace)
    {
        _sdJwt = sdJwt;
        _type = type;
        _fallbackNameSpace = fallbackNameSpace;
        var processed = sdJwt.Process();
        if (!processed.IsValid)
        {
            throw new CredentialFormatException(processed.Failures[0].Code, "The stored SD-JWT does not process: " + processed.Failures[0].Message);
        }

        _claims = processed.DisclosedClaims;
        _reveals = new List<LocatedElement>[sdJwt.Disclosures.Count];
        _revealedPaths = new List<LocatedElement>[sdJwt.Disclosures.Count];
        foreach (var claim in _claims)
        {
            var revealed = new List<LocatedElement>();
            var paths = new List<LocatedElement>();
            Reveal(claim.Path, sdJwt.Disclosures[claim.DisclosureIndex].GetValue(), revealed, paths);
            _reveals[claim.DisclosureIndex] = revealed;
            _revealedPaths[claim.DisclosureIndex] = paths;
        }
    }

    /// <summary>An element a Disclosure or a request reaches, with the claim path that names it at the requested depth.</summary>
    /// <param name="Element">The element.</param>
    /// <param name="Definition">Its definition, when the type defines it.</param>
    /// <param name="Path">The claim path: the requested path when it lies within the element, otherwise the element's own path.</param>
    public sealed record LocatedElement(ElementId Element, ElementDefinition? Definition, ClaimPath Path);

    /// <summary>Maps a stored SD-JWT VC.</summary>
    /// <param name="sdJwt">The credential as issued.</param>
    /// <param name="type">Its document type, when registered.</param>
    /// <param name="fallbackNameSpace">The namespace for claims the type does not define.</param>
    /// <exception cref="CredentialFormatException">The SD-JWT does not process.</exception>
    public static SdJwtDisclosureMap Create(SelectiveDisclosureJwt sdJwt, DocumentType? type, string fallbackNameSpace) => new(sdJwt, type, fallbackNameSpace);

    /// <summary>Whether the credential has a value at the path.</summary>
    public bool Contains(ClaimPath path) => _sdJwt.ContainsClaim(path);

    /// <summary>
    /// Every element that releasing <paramref name="requested"/> would reveal: the elements of the Disclosures inside
    /// it and of the containers on the way to it; for a claim that is not selectively disclosable, its own element.
    /// </summary>
    public IReadOnlyList<LocatedElement> ElementsFor(ClaimPath requested)
    {
        var found = new List<LocatedElement>();
        foreach (var claim in Candidates(requested))
        {
            foreach (var revealed in _reveals[claim.DisclosureIndex])
            {
                var located = Narrow(revealed, requested);
                if (!found.Contains(located))
                {
                    found.Add(located);
                }
            }
        }

        if (found.Count == 0)
        {
            found.Add(Locate(requested));
        }

        return found;
    }

    /// <summary>
    /// The elements that releasing <paramref name="path"/> would reveal besides <paramref name="element"/> itself:
    /// what the issuer packed into the same Disclosures.
    /// </summary>
    public IEnumerable<ElementId> RevealedAlongside(ElementId element, ClaimPath path) =>
        Candidates(path).SelectMany(c => _reveals[c.DisclosureIndex]).Select(r => r.Element).Where(e => e != element).Distinct();

    /// <summary>
    /// The exact paths of the values that releasing <paramref name="requested"/> would reveal (each scalar, and each
    /// container whose members all stay behind digests), for deny-list entries deeper than an element
    /// (<c>dependents_list[0]</c>); the requested path itself when no Disclosure is involved.
    /// </summary>
    public IEnumerable<ClaimPath> RevealedPaths(ClaimPath requested)
    {
        var paths = Candidates(requested).SelectMany(c => _revealedPaths[c.DisclosureIndex]).Select(r => r.Path).ToList();
        return paths.Count > 0 ? paths : [requested];
    }

    /// <summary>
    /// The Disclosures that reveal the allowed paths and nothing outside <paramref name="allowed"/>: for each path, the
    /// Disclosures inside it and on the way to it; a Disclosure that would also reveal an element not allowed is left
    /// out, and so is every Disclosure below it (its digest would have nowhere to be found).
    /// </summary>
    /// <param name="paths">The claim paths to release.</param>
    /// <param name="allowed">The elements that may be revealed.</param>
    /// <returns>The Disclosures in their original order, the elements they reveal, and the same elements with the exact path of each value revealed.</returns>
    public (IReadOnlyList<Disclosure> Disclosures, IReadOnlyList<LocatedElement> Revealed, IReadOnlyList<LocatedElement> RevealedPaths) Select(IEnumerable<ClaimPath> paths, IReadOnlySet<ElementId> allowed)
    {
        var selected = new HashSet<int>();
        foreach (var path in paths)
        {
            foreach (var claim in Candidates(path))
            {
                if (_reveals[claim.DisclosureIndex].All(r => allowed.Contains(r.Element)))
                {
                    selected.Add(claim.DisclosureIndex);
                }
            }
        }

        var parents = _claims.ToDictionary(c => c.DisclosureIndex, c => c.ParentDisclosureIndex);
        bool removed;
        do
        {
            removed = selected.RemoveWhere(i => parents[i] is { } parent && !selected.Contains(parent)) > 0;
        }
        while (removed);

        var order = selected.Order().ToList();
        return ([.. order.Select(i => _sdJwt.Disclosures[i])], [.. order.SelectMany(i => _reveals[i]).Distinct()], [.. order.SelectMany(i => _revealedPaths[i]).Distinct()]);
    }

    /// <summary>The element a claim path belongs to, under this credential's type.</summary>
    public LocatedElement Locate(ClaimPath path) => Locate(path, _type, _fallbackNameSpace);

    /// <summary>The element a claim path belongs to: a domain pseudonym for <c>pseudonyms.&lt;domain&gt;…</c> (anything else under <c>pseudonyms</c> is the pseudonym namespace's malformed entry, which the policy refuses), otherwise the type's element named by the first step.</summary>
    /// <param name="path">The claim path.</param>
    /// <param name="type">The document type, when registered.</param>
    /// <param name="fallbackNameSpace">The namespace for claims the type does not define.</param>
    public static LocatedElement Locate(ClaimPath path, DocumentType? type, string fallbackNameSpace)
    {
        var first = path.Segments[0].Name!;
        if (first == PseudonymDomain.ClaimName)
        {
            if (path.Segments.Count >= 2 && path.Segments[1].Name is { } id && PseudonymDomain.TryCreate(id, out var domain))
            {
                return new LocatedElement(new ElementId(HonninDocumentTypes.PseudonymNameSpace, domain.ElementIdentifier), null, Truncate(path, 2));
            }

            return new LocatedElement(new ElementId(HonninDocumentTypes.PseudonymNameSpace, PseudonymDomain.ClaimName), null, Truncate(path, 1));
        }

        var matches = type?.FindElements(first) ?? [];
        return matches.Count == 1
            ? new LocatedElement(new ElementId(matches[0].NameSpace, matches[0].Identifier), matches[0], Truncate(path, 1))
            : new LocatedElement(new ElementId(fallbackNameSpace, first), null, Truncate(path, 1));
    }

    private static ClaimPath Truncate(ClaimPath path, int length) =>
        path.Segments.Count <= length ? path : new ClaimPath(path.Segments.Take(length));

    /// <summary>The element's path at the requested depth: the request itself when it lies within the element.</summary>
    private static LocatedElement Narrow(LocatedElement revealed, ClaimPath requested) =>
        revealed.Path.IsPrefixOf(requested) ? revealed with { Path = requested } : revealed;

    private IEnumerable<DisclosedClaim> Candidates(ClaimPath requested) =>
        _claims.Where(c => c.Path.IsPrefixOf(requested) || requested.IsPrefixOf(c.Path));

    /// <summary>Collects the elements a value reveals in plain form: scalars and every member or element not behind a digest.</summary>
    private void Reveal(ClaimPath path, JsonNode? value, List<LocatedElement> revealed, List<LocatedElement> paths)
    {
        var plainChildren = 0;
        if (value is JsonObject obj)
        {
            foreach (var (name, member) in obj)
            {
                if (name != SdKey)
                {
                    plainChildren++;
                    Reveal(path.Append(ClaimPathSegment.ForName(name)), member, revealed, paths);
                }
            }
        }
        else if (value is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject { Count: 1 } placeholder || !placeholder.ContainsKey(ArrayElementKey))
                {
                    plainChildren++;
                    Reveal(path.Append(ClaimPathSegment.ForIndex(i)), array[i], revealed, paths);
                }
            }
        }

        // A scalar reveals its element. A container whose members are all behind digests reveals that its element
        // exists — except the pseudonyms object itself, a mere step on the way to each domain's own Disclosure.
        var isContainer = value is JsonObject or JsonArray;
        var isPseudonymStep = path.Segments.Count == 1 && path.Segments[0].Name == PseudonymDomain.ClaimName;
        if (!isContainer || (plainChildren == 0 && !isPseudonymStep))
        {
            var located = Locate(path);
            if (!revealed.Contains(located))
            {
                revealed.Add(located);
            }

            paths.Add(located with { Path = path });
        }
    }
}
