using System.Text.RegularExpressions;

namespace Honnin.DocumentTypes;

/// <summary>One element of a document type: where it lives, its type, its names for people, and how it is disclosed.</summary>
public sealed record ElementDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="nameSpace">The mdoc namespace (for SD-JWT VC the element is a top-level claim of the same name).</param>
    /// <param name="identifier">The element identifier.</param>
    /// <param name="type">The data type.</param>
    /// <param name="displayNameJa">The Japanese display name.</param>
    /// <param name="displayNameEn">The English display name.</param>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public ElementDefinition(string nameSpace, string identifier, ElementType type, string displayNameJa, string displayNameEn)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameSpace);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentException.ThrowIfNullOrEmpty(displayNameJa);
        ArgumentException.ThrowIfNullOrEmpty(displayNameEn);
        NameSpace = nameSpace;
        Identifier = identifier;
        Type = type;
        DisplayNameJa = displayNameJa;
        DisplayNameEn = displayNameEn;
    }

    /// <summary>The mdoc namespace.</summary>
    public string NameSpace { get; }

    /// <summary>The element identifier (and SD-JWT claim name).</summary>
    public string Identifier { get; }

    /// <summary>The data type.</summary>
    public ElementType Type { get; }

    /// <summary>The Japanese display name.</summary>
    public string DisplayNameJa { get; }

    /// <summary>The English display name.</summary>
    public string DisplayNameEn { get; }

    /// <summary>Whether every credential carries it. Default optional.</summary>
    public ElementPresence Presence { get; init; } = ElementPresence.Optional;

    /// <summary>How a wallet discloses it. Default: on request.</summary>
    public DisclosurePolicy Disclosure { get; init; } = DisclosurePolicy.OnRequest;

    /// <summary>For arrays in SD-JWT VC: whether each array element is its own disclosure.</summary>
    public bool ArrayElementsDisclosable { get; init; }

    /// <summary>For text: the allowed values, when the element is an enumeration.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>For text: a pattern the whole value must match.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>A short description of the pattern or format, for error messages.</summary>
    public string? FormatDescription { get; init; }

    /// <summary>"namespace/identifier".</summary>
    public string QualifiedName => NameSpace + "/" + Identifier;
}
