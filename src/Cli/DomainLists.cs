using System.CommandLine;
using Honnin.Pseudonyms;

namespace Honnin.Cli;

/// <summary>
/// Pseudonym domains given on the command line: the built-in ones (tax, employment, ...), and a deployment's own only when
/// named with <c>--custom-domains</c>, so that a typing error is not taken for a new domain.
/// </summary>
internal static class DomainLists
{
    public const string CustomDomainsName = "--custom-domains";

    public static Option<string> CustomDomainsOption() => new(CustomDomainsName)
    {
        Description = "Domain ids a deployment registers besides the built-in ones (" + string.Join(", ", PseudonymDomain.BuiltIn.Select(d => d.Id)) + "), comma-separated.",
    };

    /// <summary>Parses a comma-separated domain list; an empty or absent list is an empty set.</summary>
    public static HashSet<string> Parse(string option, string? list, string? custom)
    {
        var allowed = PseudonymDomain.BuiltIn.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in Split(custom))
        {
            allowed.Add(PseudonymDomain.IsValidId(id) ? id : throw new UsageException($"{CustomDomainsName}: '{id}' is not a domain id (lowercase letters, digits and '_', at most {PseudonymDomain.MaxIdLength})."));
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in Split(list))
        {
            if (!PseudonymDomain.IsValidId(id))
            {
                throw new UsageException($"{option}: '{id}' is not a domain id (lowercase letters, digits and '_', at most {PseudonymDomain.MaxIdLength}), e.g. employment,tax.");
            }

            if (!allowed.Contains(id))
            {
                throw new UsageException($"{option}: '{id}' is not a known domain; the built-in ones are {string.Join(", ", PseudonymDomain.BuiltIn.Select(d => d.Id))}. A deployment's own domain is named with {CustomDomainsName} {id}.");
            }

            result.Add(id);
        }

        return result;
    }

    private static string[] Split(string? list) => (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Domain ids, already checked, as the library's typed domains.</summary>
    public static HashSet<PseudonymDomain> Typed(IEnumerable<string> ids) => [.. ids.Select(PseudonymDomain.Create)];
}
