using System.Text.Json.Nodes;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>
/// RFC 9901 §7.1 processing of the §6 flat, structured and recursive examples and the §4.2.4.2 array example
/// (tests/vectors/sdjwt/rfc9901-draft22/disclosure-basics-and-section6.json), with negative twins.
/// </summary>
public sealed class SdJwtProcessingTests
{
    private static JsonObject Basics => Json("sdjwt/rfc9901-draft22/disclosure-basics-and-section6.json");

    public static TheoryData<string> Section6 => new() { "6.1 flat", "6.2 structured", "6.3 recursive" };

    private static IEnumerable<string> Disclosures(JsonNode vector) => vector["disclosures"]!.AsArray().Select(d => d!["disclosure"]!.GetValue<string>());

    [Theory]
    [MemberData(nameof(Section6))]
    public async Task Section_6_example_processes_to_the_derived_payload(string name)
    {
        var vector = Basics["nested_structure_examples_section_6"]![name]!;
        var sdJwt = await SignedAsync(vector["payload_fragment"]!.AsObject(), Disclosures(vector));

        var result = sdJwt.Process();

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(p => p.Code)));
        AssertJsonEqual(vector["processed_with_all_disclosures (computed, not in spec)"], result.GetPayload());
    }

    [Fact]
    public async Task Recursive_example_reports_where_each_disclosure_landed()
    {
        var vector = Basics["nested_structure_examples_section_6"]!["6.3 recursive"]!;
        var sdJwt = await SignedAsync(vector["payload_fragment"]!.AsObject(), Disclosures(vector));

        var claims = sdJwt.Process().DisclosedClaims;

        var address = Assert.Single(claims, c => c.Path.ToString() == "address");
        Assert.Null(address.ParentDisclosureIndex);
        Assert.Equal(4, address.DisclosureIndex);
        Assert.All(claims.Where(c => c != address), c => Assert.Equal(4, c.ParentDisclosureIndex));
        Assert.Contains(claims, c => c.Path.ToString() == "address.locality");
    }

    [Fact]
    public async Task Array_element_is_inserted_where_its_digest_was_and_removed_when_undisclosed()
    {
        var vector = Basics["array_element_disclosure"]!;
        var payload = vector["spec_payload"]!.AsObject();

        var with = (await SignedAsync(payload, [vector["disclosure"]!.GetValue<string>()])).Process();
        var without = (await SignedAsync(payload, [])).Process();

        AssertJsonEqual(vector["expected_processed_with_disclosure"], with.GetPayload());
        AssertJsonEqual(vector["expected_processed_without_disclosure"], without.GetPayload());
        Assert.Equal("nationalities[1]", Assert.Single(with.DisclosedClaims).Path.ToString());
    }

    [Fact]
    public void Processed_payload_has_no_sd_sd_alg_or_placeholders()
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-A2-complex-structured-recursive.json");
        var processed = SelectiveDisclosureJwt.Parse(vector["sd_jwt_presentation"]!.GetValue<string>()).Process().GetPayload()!;

        var text = processed.ToJsonString();
        Assert.DoesNotContain("\"_sd\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"_sd_alg\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"...\"", text, StringComparison.Ordinal);
        AssertJsonEqual(vector["verified_payload"], processed);
    }

    [Fact]
    public async Task Unsupported_sd_alg_is_a_problem_not_an_exception()
    {
        var sdJwt = await SignedAsync(new JsonObject { ["_sd_alg"] = "sha-256-32" }, []);

        Assert.Null(sdJwt.HashAlgorithm);
        Assert.Equal("sha-256-32", sdJwt.HashAlgorithmName);
        Assert.Equal(SdJwtFailureCodes.HashAlgorithmNotAccepted, Assert.Single(sdJwt.Process().Failures).Code);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_reported()
    {
        JsonNode deep = "leaf";
        for (var i = 0; i < 10; i++)
        {
            deep = new JsonObject { ["a"] = deep };
        }

        var sdJwt = await SignedAsync(new JsonObject { ["deep"] = deep }, []);

        Assert.True(sdJwt.Process(maxDepth: 20).IsValid);
        var result = sdJwt.Process(maxDepth: 5);
        Assert.Equal(SdJwtFailureCodes.TooDeep, Assert.Single(result.Failures).Code);
        Assert.Null(result.GetPayload());
    }

    [Fact]
    public async Task Problem_messages_never_contain_disclosed_values()
    {
        var secret = "S3CRET-VALUE";
        var disclosure = Disclosure.CreateObjectProperty(Disclosure.CreateSalt(), "given_name", secret);
        var sdJwt = await SignedAsync(new JsonObject { ["given_name"] = "plain" , ["_sd"] = new JsonArray(disclosure.ComputeDigest(SdHashAlgorithm.Sha256)) }, [disclosure.Encoded, disclosure.Encoded]);

        var problems = sdJwt.Process().Failures;

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain(secret, p.Message, StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain(disclosure.Salt, p.Message, StringComparison.Ordinal));
    }
}
