using Honnin.DocumentTypes;

namespace Honnin.Cli;

/// <summary>Resolves element names given on the command line: an identifier, "namespace/identifier", or <c>dp_&lt;domain&gt;</c> for a pseudonym.</summary>
internal static class ElementNames
{
    public static List<(string NameSpace, string Identifier)> Resolve(string list, DocumentType type, string option)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new UsageException($"{option} names no element.");
        }

        var result = new List<(string, string)>();
        foreach (var name in names)
        {
            if (name.StartsWith(HonninDocumentTypes.PseudonymElementPrefix, StringComparison.Ordinal))
            {
                result.Add((HonninDocumentTypes.PseudonymNameSpace, name));
                continue;
            }

            var slash = name.LastIndexOf('/');
            if (slash > 0 && name[..slash] == HonninDocumentTypes.PseudonymNameSpace)
            {
                result.Add((HonninDocumentTypes.PseudonymNameSpace, name[(slash + 1)..]));
                continue;
            }

            var matches = type.FindElements(name);
            result.Add(matches.Count switch
            {
                0 => throw new UsageException($"{option}: '{name}' is not an element of {type.DocType}."),
                > 1 => throw new UsageException($"{option}: '{name}' is ambiguous; write one of: {string.Join(", ", matches.Select(m => m.QualifiedName))}."),
                _ => (matches[0].NameSpace, matches[0].Identifier),
            });
        }

        return result;
    }
}
