using System.Collections.ObjectModel;

namespace Honnin.DocumentTypes;

/// <summary>
/// A document type as data: docType and vct, display names, and its elements. Verifiers ignore elements a type
/// does not list, so types extend without breaking old readers; an incompatible change bumps the version suffix.
/// </summary>
public sealed class DocumentType
{
    private readonly Dictionary<ElementId, ElementDefinition> _byId;

    /// <summary>Creates a document type.</summary>
    /// <param name="docType">The mdoc docType, e.g. <c>jp.honnin.withholding_slip.1</c>.</param>
    /// <param name="vct">The SD-JWT VC type, e.g. <c>urn:honnin:jp:withholding-slip:1</c>.</param>
    /// <param name="displayNameJa">The Japanese display name.</param>
    /// <param name="displayNameEn">The English display name.</param>
    /// <param name="elements">The elements.</param>
    /// <param name="aliases">Short names accepted by tools, e.g. <c>withholding-slip</c>.</param>
    /// <exception cref="ArgumentException">A name is empty, or two elements share a namespace and identifier.</exception>
    public DocumentType(string docType, string vct, string displayNameJa, string displayNameEn, IEnumerable<ElementDefinition> elements, IEnumerable<string>? aliases = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentException.ThrowIfNullOrEmpty(vct);
        ArgumentException.ThrowIfNullOrEmpty(displayNameJa);
        ArgumentException.ThrowIfNullOrEmpty(displayNameEn);
        ArgumentNullException.ThrowIfNull(elements);
        DocType = docType;
        Vct = vct;
        DisplayNameJa = displayNameJa;
        DisplayNameEn = displayNameEn;
        Elements = new ReadOnlyCollection<ElementDefinition>([.. elements]);
        Aliases = new ReadOnlyCollection<string>([.. aliases ?? []]);
        _byId = [];
        foreach (var element in Elements)
        {
            if (!_byId.TryAdd(new ElementId(element.NameSpace, element.Identifier), element))
            {
                throw new ArgumentException($"The element '{element.QualifiedName}' is defined twice.", nameof(elements));
            }
        }
    }

    /// <summary>The mdoc docType.</summary>
    public string DocType { get; }

    /// <summary>The SD-JWT VC type.</summary>
    public string Vct { get; }

    /// <summary>The Japanese display name.</summary>
    public string DisplayNameJa { get; }

    /// <summary>The English display name.</summary>
    public string DisplayNameEn { get; }

    /// <summary>The elements, in display order.</summary>
    public IReadOnlyList<ElementDefinition> Elements { get; }

    /// <summary>Short names tools accept for the type.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The namespaces the type uses, in order of first appearance.</summary>
    public IEnumerable<string> NameSpaces => Elements.Select(e => e.NameSpace).Distinct(StringComparer.Ordinal);

    /// <summary>Finds an element by namespace and identifier.</summary>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The identifier.</param>
    /// <param name="element">The definition, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGetElement(string nameSpace, string identifier, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ElementDefinition? element) =>
        _byId.TryGetValue(new ElementId(nameSpace, identifier), out element);

    /// <summary>Finds an element by its id.</summary>
    /// <param name="id">The element's namespace and identifier.</param>
    /// <param name="element">The definition, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGetElement(ElementId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ElementDefinition? element) =>
        _byId.TryGetValue(id, out element);

    /// <summary>
    /// Finds elements by a name that is either an identifier or "namespace/identifier". More than one result means
    /// the identifier is ambiguous and the caller should ask for the qualified form.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <returns>The matching elements.</returns>
    public IReadOnlyList<ElementDefinition> FindElements(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ElementId.TryParse(name, out var id) && _byId.TryGetValue(id, out var qualified))
        {
            return [qualified];
        }

        return [.. Elements.Where(e => e.Identifier == name)];
    }

    /// <summary>The docType, for logs.</summary>
    public override string ToString() => DocType;
}
