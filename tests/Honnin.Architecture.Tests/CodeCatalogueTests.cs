namespace Honnin.Architecture.Tests;

/// <summary>One code vocabulary: every code has one shape, one meaning and one documented place.</summary>
public sealed class CodeCatalogueTests
{
    [Fact]
    public void Every_code_is_lower_snake_case()
    {
        Assert.All(CodeCatalogue.Read(), e => Assert.Matches(CodeCatalogue.CodeShape(), e.Code));
    }

    /// <summary>
    /// Codes two classes define on purpose, for one meaning seen from two places. Any other shared code is two meanings
    /// under one name; when one of these is folded into a single constant, remove it here.
    /// </summary>
    private static readonly Dictionary<string, string> SharedOnPurpose = new(StringComparer.Ordinal)
    {
        ["cbor_non_shortest"] = "refused by strict CBOR decoding, and the warning of a verifier that accepts it",
        ["pseudonym_malformed"] = "a pseudonym value that does not parse, in the pseudonym layer and in a verification result",
        ["request_not_fresh"] = "a requester problem, and the reason an element is withheld because of it",
        ["request_not_bound"] = "a requester problem, and the reason an element is withheld because of it",
        ["sharing_stopped"] = "a requester problem, and the reason an element is withheld because of it",
    };

    [Fact]
    public void No_two_constants_name_the_same_code_unless_on_purpose()
    {
        var shared = CodeCatalogue.Read().GroupBy(e => e.Code).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(e => e.Type + "." + e.Constant)));

        Assert.Empty(shared.Keys.Except(SharedOnPurpose.Keys).Select(code => code + ": " + shared[code]));
        Assert.Empty(SharedOnPurpose.Keys.Except(shared.Keys).Select(code => code + " is no longer shared; remove it from the list"));
    }

    [Fact]
    public void Every_code_is_documented()
    {
        Assert.All(CodeCatalogue.Read(), e => Assert.False(string.IsNullOrWhiteSpace(e.Summary), $"{e.Type}.{e.Constant} has no summary."));
    }

    [Fact]
    public void No_code_lives_outside_the_catalogue_classes()
    {
        Assert.Empty(CodeCatalogue.StrayCodes());
    }

    [Fact]
    public void Docs_codes_md_lists_every_code()
    {
        var expected = CodeCatalogue.Markdown(CodeCatalogue.Read());
        var path = Repository.PathOf("docs", "codes.md");
        if (Repository.Accept)
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected, "docs/codes.md is not the catalogue the code defines; run HONNIN_ACCEPT=1 dotnet test tests/Honnin.Architecture.Tests and review the change.");
    }
}
