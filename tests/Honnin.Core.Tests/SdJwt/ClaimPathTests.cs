using System.Text.Json.Nodes;
using Honnin.SdJwt;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>Claim paths in text form and as steps.</summary>
public sealed class ClaimPathTests
{
    [Theory]
    [InlineData("address", "address")]
    [InlineData("address.locality", "address.locality")]
    [InlineData("dependents_list[0]", "dependents_list[0]")]
    [InlineData("dependents_list[12].name", "dependents_list[12].name")]
    [InlineData("nationalities[*]", "nationalities[*]")]
    [InlineData("a[0][1]", "a[0][1]")]
    [InlineData("age_equal_or_over.18", "age_equal_or_over.18")]
    [InlineData("vct#integrity", "vct#integrity")]
    public void Text_paths_parse_and_print_back(string text, string expected)
    {
        Assert.Equal(expected, ClaimPath.Parse(text).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a..b")]
    [InlineData("[0]")]
    [InlineData("a[")]
    [InlineData("a[-1]")]
    [InlineData("a[x]")]
    [InlineData("a[0]b")]
    [InlineData("a]")]
    [InlineData("a[99999999999]")]
    public void Malformed_text_paths_are_rejected(string text)
    {
        Assert.False(ClaimPath.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ClaimPath.Parse(text));
    }

    [Fact]
    public void Names_with_dots_are_expressed_as_steps_so_no_path_is_ambiguous()
    {
        var dotted = new ClaimPath([ClaimPathSegment.ForName("a.b")]);
        var nested = ClaimPath.Parse("a.b");

        Assert.NotEqual(dotted, nested);
        Assert.Single(dotted.Segments);
        Assert.Equal(2, nested.Segments.Count);
    }

    [Fact]
    public void Prefixes_respect_wildcards()
    {
        Assert.True(ClaimPath.Parse("address").IsPrefixOf(ClaimPath.Parse("address.locality")));
        Assert.True(ClaimPath.Parse("list[*]").IsPrefixOf(ClaimPath.Parse("list[3].name")));
        Assert.True(ClaimPath.Parse("list[3]").IsPrefixOf(ClaimPath.Parse("list[*]")));
        Assert.False(ClaimPath.Parse("list[2]").IsPrefixOf(ClaimPath.Parse("list[3]")));
        Assert.False(ClaimPath.Parse("address.locality").IsPrefixOf(ClaimPath.Parse("address")));
        Assert.False(ClaimPath.Parse("address").IsPrefixOf(ClaimPath.Parse("addresses")));
    }

    [Fact]
    public void A_path_must_start_with_a_name()
    {
        Assert.Throws<ArgumentException>(() => new ClaimPath([ClaimPathSegment.ForIndex(0)]));
        Assert.Throws<ArgumentException>(() => new ClaimPath([]));
    }

    [Theory]
    [InlineData("""["name"]""", "name")]
    [InlineData("""["address","street_address"]""", "address.street_address")]
    [InlineData("""["degrees",null,"type"]""", "degrees[*].type")]
    [InlineData("""["nationalities",1]""", "nationalities[1]")]
    [InlineData("""["a.b","[c]"]""", "a.b.[c]")]
    public void Claims_path_pointers_read_and_write_back(string pointer, string text)
    {
        // Source: OpenID4VP 1.0 §7.4 claims path pointer examples, and a name that the text form cannot carry.
        Assert.True(ClaimPath.TryFromPointer(JsonNode.Parse(pointer), out var path));
        Assert.Equal(text, path.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pointer), path.ToPointer()));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"name\"")]
    [InlineData("{}")]
    [InlineData("[0]")]
    [InlineData("[null,\"a\"]")]
    [InlineData("[\"a\",-1]")]
    [InlineData("[\"a\",1.5]")]
    [InlineData("[\"a\",true]")]
    [InlineData("[\"a\",[0]]")]
    [InlineData("[\"a\",3000000000]")]
    public void Malformed_claims_path_pointers_are_rejected(string pointer)
    {
        Assert.False(ClaimPath.TryFromPointer(JsonNode.Parse(pointer), out _));
    }
}
