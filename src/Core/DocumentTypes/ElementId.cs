using System.Diagnostics.CodeAnalysis;

namespace Honnin.DocumentTypes;

/// <summary>
/// An element's identity across formats: its namespace and identifier (for SD-JWT VC, the namespace its document type
/// gives the claim). Written as <c>namespace/identifier</c>.
/// </summary>
/// <param name="NameSpace">The namespace, e.g. <c>jp.honnin.withholding_slip.1</c>.</param>
/// <param name="Identifier">The element identifier, e.g. <c>payment_amount</c>.</param>
public readonly record struct ElementId(string NameSpace, string Identifier)
{
    /// <summary>Parses <c>namespace/identifier</c> (the last <c>/</c> separates them).</summary>
    /// <param name="text">The text.</param>
    /// <param name="element">The element, when the text has a non-empty namespace and identifier.</param>
    /// <returns>Whether the text is an element id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ElementId element)
    {
        element = default;
        var slash = text?.LastIndexOf('/') ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1)
        {
            return false;
        }

        element = new ElementId(text[..slash], text[(slash + 1)..]);
        return true;
    }

    /// <summary>The text form <c>namespace/identifier</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => NameSpace + "/" + Identifier;
}
