using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>Disclosures and digests: RFC 9901 §4.2.1–4.2.3 known answers (tests/vectors/sdjwt/rfc9901-draft22/disclosure-basics-and-section6.json).</summary>
public sealed class DisclosureTests
{
    private static JsonObject Basics => Json("sdjwt/rfc9901-draft22/disclosure-basics-and-section6.json");

    [Fact]
    public void Mobius_disclosure_has_the_printed_digest_and_content()
    {
        var vector = Basics["object_property_disclosure"]!;
        var disclosure = Disclosure.Parse(vector["disclosure"]!.GetValue<string>());

        Assert.Equal(vector["sha256_digest"]!.GetValue<string>(), disclosure.ComputeDigest(SdHashAlgorithm.Sha256));
        Assert.Equal("_26bc4LT-ac6q2KI6cBW5es", disclosure.Salt);
        Assert.Equal("family_name", disclosure.ClaimName);
        Assert.Equal("Möbius", disclosure.GetValue()!.GetValue<string>());
        Assert.Equal(vector["disclosure"]!.GetValue<string>(), disclosure.Encoded);
    }

    [Fact]
    public void Equivalent_encodings_decode_alike_and_hash_differently_because_digests_are_over_the_received_string()
    {
        var digests = new HashSet<string>();
        foreach (var vector in Basics["equivalent_encodings_of_same_claim"]!.AsArray())
        {
            var disclosure = Disclosure.Parse(vector!["disclosure"]!.GetValue<string>());
            Assert.Equal(vector["sha256_digest"]!.GetValue<string>(), disclosure.ComputeDigest(SdHashAlgorithm.Sha256));
            Assert.Equal("Möbius", disclosure.GetValue()!.GetValue<string>());
            Assert.Equal("family_name", disclosure.ClaimName);
            digests.Add(disclosure.ComputeDigest(SdHashAlgorithm.Sha256));
        }

        Assert.Equal(3, digests.Count);
    }

    [Fact]
    public void Array_element_disclosure_has_the_printed_digest()
    {
        var vector = Basics["array_element_disclosure"]!;
        var disclosure = Disclosure.Parse(vector["disclosure"]!.GetValue<string>());

        Assert.True(disclosure.IsArrayElement);
        Assert.Null(disclosure.ClaimName);
        Assert.Equal("FR", disclosure.GetValue()!.GetValue<string>());
        Assert.Equal(vector["sha256_digest"]!.GetValue<string>(), disclosure.ComputeDigest(SdHashAlgorithm.Sha256));
    }

    [Fact]
    public void Every_example_5_disclosure_has_its_printed_digest()
    {
        foreach (var vector in Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["disclosures"]!.AsArray())
        {
            var disclosure = Disclosure.Parse(vector!["disclosure"]!.GetValue<string>());
            Assert.Equal(vector["sha256_digest"]!.GetValue<string>(), disclosure.ComputeDigest(SdHashAlgorithm.Sha256));
        }
    }

    [Theory]
    [InlineData("WyJzYWx0IiwgImEiXQ==")]
    [InlineData("WyJzYWx0IiwgImEiXQ=")]
    [InlineData("WyJzYWx0IiwgImEiXQ\n")]
    [InlineData("")]
    public void Disclosure_that_is_not_canonical_base64url_is_rejected(string encoded)
    {
        Assert.False(Disclosure.TryParse(encoded, out _, out var error));
        Assert.Equal(SdJwtFailureCodes.DisclosureMalformed, error.Code);
    }

    [Theory]
    [InlineData("\"salt\"")]
    [InlineData("[]")]
    [InlineData("[\"salt\"]")]
    [InlineData("[\"salt\", \"name\", 1, 2]")]
    [InlineData("[null, \"name\", 1]")]
    [InlineData("[\"salt\", null, 1]")]
    [InlineData("[\"salt\", \"name\", {\"a\": 1, \"a\": 2}]")]
    [InlineData("[\"salt\", \"\\ud800\", 1]")]
    public void Disclosure_that_is_not_a_two_or_three_element_array_with_string_salt_and_name_is_rejected(string json)
    {
        var encoded = Base64UrlEncoding.Encode(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.False(Disclosure.TryParse(encoded, out _, out var error));
        Assert.Equal(SdJwtFailureCodes.DisclosureMalformed, error.Code);
    }

    [Fact]
    public void Created_disclosure_parses_back_to_the_same_string_salt_name_and_value()
    {
        var value = new JsonObject { ["street_address"] = "東京都港区芝公園４丁目２−８", ["n"] = 1 };
        var created = Disclosure.CreateObjectProperty(Disclosure.CreateSalt(), "address", value);
        var parsed = Disclosure.Parse(created.Encoded);

        Assert.Equal(created.Salt, parsed.Salt);
        Assert.Equal("address", parsed.ClaimName);
        AssertJsonEqual(value, parsed.GetValue());
        Assert.Equal(created.ComputeDigest(SdHashAlgorithm.Sha256), parsed.ComputeDigest(SdHashAlgorithm.Sha256));
    }

    [Fact]
    public void Salts_carry_128_bits_and_do_not_repeat()
    {
        var salts = Enumerable.Range(0, 1000).Select(_ => Disclosure.CreateSalt()).ToList();

        Assert.All(salts, s => Assert.Equal(16, Base64UrlEncoding.Decode(s).Length));
        Assert.Equal(salts.Count, salts.Distinct().Count());
    }

    [Theory]
    [InlineData("_sd")]
    [InlineData("...")]
    [InlineData("_sd_alg")]
    public void Creating_a_disclosure_with_a_reserved_name_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => Disclosure.CreateObjectProperty("salt", name, 1));
    }

    [Fact]
    public void Description_names_the_claim_but_never_the_value_or_salt()
    {
        var disclosure = Disclosure.CreateObjectProperty("s3cr3t-salt", "family_name", "Doe");

        Assert.Equal("Disclosure('family_name')", disclosure.ToString());
    }
}
