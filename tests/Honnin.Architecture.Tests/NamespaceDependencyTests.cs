using System.Text.RegularExpressions;

namespace Honnin.Architecture.Tests;

/// <summary>
/// The namespaces of Honnin.Core depend on each other without cycles, read from the sources (<c>using</c> directives and
/// qualified names), so that each layer can be understood, tested and replaced from below.
/// </summary>
public sealed partial class NamespaceDependencyTests
{
    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = Graph(Repository.PathOf("src", "Core"));

        var cycles = graph.Keys
            .SelectMany(a => graph[a].Where(b => Reaches(graph, b, a)).Select(b => string.CompareOrdinal(a, b) < 0 ? $"{a} <-> {b}" : $"{b} <-> {a}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(cycles);
    }

    [Fact]
    public void Crypto_depends_on_no_format()
    {
        var graph = Graph(Repository.PathOf("src", "Core"));

        Assert.DoesNotContain(graph.GetValueOrDefault("Honnin.Crypto", []), n => n is not ("Honnin" or "Honnin.Cbor"));
    }

    [Fact]
    public void Cbor_depends_on_no_other_honnin_namespace()
    {
        var graph = Graph(Repository.PathOf("src", "Core"));

        Assert.DoesNotContain(graph.GetValueOrDefault("Honnin.Cbor", []), n => n != "Honnin");
    }

    private static Dictionary<string, HashSet<string>> Graph(string folder)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var own = NamespaceLine().Match(text).Groups[1].Value;
            var edges = graph.TryGetValue(own, out var set) ? set : graph[own] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in UsingLine().Matches(text).Select(m => m.Groups[1].Value).Concat(Qualified().Matches(text).Select(m => m.Groups[1].Value)))
            {
                if (used != own && used != "Honnin")
                {
                    edges.Add(used);
                }
            }
        }

        return graph;
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([from]);
        while (pending.TryPop(out var current))
        {
            if (current == to)
            {
                return true;
            }

            if (seen.Add(current) && graph.TryGetValue(current, out var next))
            {
                foreach (var n in next)
                {
                    pending.Push(n);
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"^namespace (Honnin[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using (Honnin[\w.]*);", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\b(Honnin\.(?:Cbor|Cose|Crypto|DocumentTypes|Jose|Mdoc|Pseudonyms|Registration|SdJwt|X509|Status))\.[A-Z]")]
    private static partial Regex Qualified();
}
