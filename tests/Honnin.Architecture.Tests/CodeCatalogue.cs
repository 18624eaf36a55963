using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Honnin.Architecture.Tests;

/// <summary>Every stable code Honnin reports (failures, problems, warnings, plan reasons), read from the code and its XML docs.</summary>
internal static partial class CodeCatalogue
{
    public sealed record Entry(string Package, string Type, string Constant, string Code, string Summary);

    public static IReadOnlyList<Entry> Read()
    {
        var entries = new List<Entry>();
        foreach (var assembly in Repository.Packages)
        {
            var docs = Docs(assembly);
            foreach (var type in assembly.GetExportedTypes().Where(IsCatalogue).OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
                {
                    var code = (string)field.GetRawConstantValue()!;
                    docs.TryGetValue("F:" + type.FullName + "." + field.Name, out var summary);
                    entries.Add(new Entry(assembly.GetName().Name!, type.Name, field.Name, code, summary ?? string.Empty));
                }
            }
        }

        return entries;
    }

    /// <summary>The classes that hold codes: <c>…Codes</c>, and the wallet's plan reasons and requester problems.</summary>
    public static bool IsCatalogue(Type type) =>
        (type.IsAbstract && type.IsSealed
            && (type.Name.EndsWith("Codes", StringComparison.Ordinal) || type.Name is "ElementReason" or "RequesterProblem"))
        || (typeof(Exception).IsAssignableFrom(type) && type.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.IsLiteral && f.FieldType == typeof(string)));

    /// <summary>Public string constants outside the catalogue classes whose value looks like a code.</summary>
    public static IEnumerable<string> StrayCodes() =>
        Repository.Packages.SelectMany(a => a.GetExportedTypes()).Where(t => !IsCatalogue(t))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.Contains("Failed", StringComparison.Ordinal) && CodeShape().IsMatch((string)f.GetRawConstantValue()!))
                .Select(f => t.FullName + "." + f.Name));

    public static string Markdown(IReadOnlyList<Entry> entries)
    {
        var text = new StringBuilder();
        text.Append("""
            # Codes

            Every stable code Honnin reports, by the class that defines it. Every failure and warning is a `Problem`
            (code, message, and where in the input when that is known: `VerificationFailure` and `VerificationWarning` add
            the document index, `ClaimProblem` the element), and every result offers them the same way (`IProblemReport`:
            `IsValid`, `Failures`, `Warnings`); exceptions carry them in `CredentialFormatException.Code`, the wallet's plan
            in `PlannedElement.Reason` and `RequesterIdentity.Problems`. Codes are stable: a code's meaning never changes,
            and a renamed code is a breaking change. Messages are for people and may change.

            This page is generated from the code and its documentation comments, and a test
            (`tests/Honnin.Architecture.Tests`) fails when the two differ; `HONNIN_ACCEPT=1 dotnet test tests/Honnin.Architecture.Tests`
            rewrites it.

            """.Replace("            ", string.Empty, StringComparison.Ordinal));
        foreach (var group in entries.GroupBy(e => (e.Package, e.Type)))
        {
            text.Append(CultureInvariant($"\n## {group.Key.Type} ({group.Key.Package})\n\n| code | constant | meaning |\n|---|---|---|\n"));
            foreach (var entry in group)
            {
                text.Append(CultureInvariant($"| `{entry.Code}` | `{entry.Constant}` | {entry.Summary.Replace("|", "\\|", StringComparison.Ordinal)} |\n"));
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    public static partial Regex CodeShape();

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static Dictionary<string, string> Docs(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The documentation file of {assembly.GetName().Name} is missing next to the assembly.");
        }

        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => Flatten(m.Element("summary")), StringComparer.Ordinal);
    }

    private static string Flatten(XElement? summary)
    {
        if (summary is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => "`" + c.Value + "`",
                XElement e when e.Attribute("cref") is { } cref => "`" + cref.Value[(cref.Value.LastIndexOf('.') + 1)..] + "`",
                XElement e when e.Attribute("langword") is { } word => "`" + word.Value + "`",
                XElement e => e.Value,
                _ => string.Empty,
            });
        }

        return Regex.Replace(text.ToString(), @"\s+", " ").Trim();
    }
}
