using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// RFC 9901 §7.1 rules on Disclosures and digests, each as a negative twin of a verifying presentation: the RFC 9901 §5
/// example (tests/vectors/sdjwt/rfc9901-draft22/example-5-basic-with-kb.json) or a payload signed with its issuer key.
/// </summary>
public sealed class DisclosureRuleTests
{
    private static readonly DateTimeOffset Now = At(1748537243);

    private static string Example5Issued => Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_issuance"]!.GetValue<string>();

    private static SessionVerifier Verifier => CreateVerifier(Now, KeyBindingPolicy.Forbidden);

    private static string[] Parts(string sdJwt) => sdJwt.Split('~');

    [Fact]
    public void Example_5_as_issued_verifies()
    {
        AssertValid(Verifier.Verify(Example5Issued));
    }

    [Fact]
    public void Disclosure_with_an_altered_value_is_unreferenced()
    {
        var parts = Parts(Example5Issued);
        var decoded = JsonNode.Parse(Base64UrlEncoding.Decode(parts[1]))!.AsArray();
        decoded[2] = "Jane";
        parts[1] = EncodeRaw(decoded);

        var result = Verifier.Verify(string.Join('~', parts));

        AssertFails(result, SdJwtFailureCodes.DisclosureUnreferenced);
        Assert.DoesNotContain(result.Failures, f => f.Message.Contains("Jane", StringComparison.Ordinal));
    }

    [Fact]
    public void Disclosure_with_one_character_changed_fails()
    {
        for (var position = 0; position < 12; position++)
        {
            var parts = Parts(Example5Issued);
            var chars = parts[3].ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            parts[3] = new string(chars);

            var result = Verifier.Verify(string.Join('~', parts));

            Assert.False(result.IsValid);
            Assert.Contains(result.Failures, f => f.Code is SdJwtFailureCodes.DisclosureUnreferenced or SdJwtFailureCodes.DisclosureMalformed);
        }
    }

    [Fact]
    public void Same_disclosure_sent_twice_is_rejected()
    {
        var parts = Parts(Example5Issued).ToList();
        parts.Insert(2, parts[1]);

        AssertFails(Verifier.Verify(string.Join('~', parts)), SdJwtFailureCodes.DisclosureDuplicated);
    }

    [Fact]
    public void Injected_disclosure_that_no_digest_references_is_rejected()
    {
        var (injected, _) = Property("is_admin", true);
        var parts = Parts(Example5Issued).ToList();
        parts.Insert(1, injected);

        AssertFails(Verifier.Verify(string.Join('~', parts)), SdJwtFailureCodes.DisclosureUnreferenced);
    }

    [Fact]
    public void Disclosure_taken_from_another_sd_jwt_is_rejected()
    {
        var other = Parts(Json("sdjwt/rfc9901-draft22/example-A1-simple-structured-decoys.json")["sd_jwt_issuance"]!.GetValue<string>());
        var parts = Parts(Example5Issued).ToList();
        parts.Insert(1, other[1]);

        AssertFails(Verifier.Verify(string.Join('~', parts)), SdJwtFailureCodes.DisclosureUnreferenced);
    }

    [Fact]
    public void Sending_no_disclosures_reveals_only_the_plain_claims_and_drops_undisclosed_array_elements()
    {
        var jwt = Parts(Example5Issued)[0];
        var result = Verifier.Verify(jwt + "~");

        AssertValid(result);
        var claims = Assert.Single(result.Documents).Claims!;
        Assert.Equal(["iss", "iat", "exp", "sub", "nationalities", "cnf"], claims.Select(p => p.Key));
        Assert.Empty(claims["nationalities"]!.AsArray());
    }

    [Theory]
    [InlineData("_sd")]
    [InlineData("...")]
    public async Task Disclosure_with_a_reserved_claim_name_is_rejected(string name)
    {
        var (disclosure, digest) = Property(name, "x");
        var presentation = await ForgeAsync(new JsonObject { ["iss"] = "https://issuer.example.com", ["_sd"] = new JsonArray(digest) }, [disclosure]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.ReservedClaimName);
    }

    [Fact]
    public async Task Disclosure_colliding_with_a_plain_claim_is_rejected()
    {
        var (disclosure, digest) = Property("iss", "https://attacker.example");
        var presentation = await ForgeAsync(new JsonObject { ["iss"] = "https://issuer.example.com", ["_sd"] = new JsonArray(digest) }, [disclosure]);

        var result = Verifier.Verify(presentation);

        AssertFails(result, SdJwtFailureCodes.ClaimNameCollision);
        Assert.DoesNotContain(result.Failures, f => f.Message.Contains("attacker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_disclosures_of_the_same_name_at_one_level_collide()
    {
        var (first, firstDigest) = Property("role", "user");
        var (second, secondDigest) = Property("role", "admin");
        var presentation = await ForgeAsync(new JsonObject { ["_sd"] = new JsonArray(firstDigest, secondDigest) }, [first, second]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.ClaimNameCollision);
    }

    [Fact]
    public async Task Array_element_disclosure_referenced_from_sd_is_rejected()
    {
        var (disclosure, digest) = Element("DE");
        var presentation = await ForgeAsync(new JsonObject { ["_sd"] = new JsonArray(digest) }, [disclosure]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.DisclosureWrongShape);
    }

    [Fact]
    public async Task Object_property_disclosure_referenced_from_an_array_element_is_rejected()
    {
        var (disclosure, digest) = Property("nationality", "DE");
        var presentation = await ForgeAsync(new JsonObject { ["nationalities"] = new JsonArray(new JsonObject { ["..."] = digest }) }, [disclosure]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.DisclosureWrongShape);
    }

    [Fact]
    public async Task Digest_appearing_twice_in_the_payload_is_rejected()
    {
        var (disclosure, digest) = Property("given_name", "John");
        var presentation = await ForgeAsync(new JsonObject { ["_sd"] = new JsonArray(digest), ["address"] = new JsonObject { ["_sd"] = new JsonArray(digest) } }, [disclosure]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.DigestDuplicated);
    }

    [Fact]
    public async Task Decoy_digest_appearing_twice_is_rejected_even_without_a_disclosure()
    {
        var decoy = SdHashAlgorithm.Sha256.ComputeDigest(Disclosure.CreateSalt());
        var presentation = await ForgeAsync(new JsonObject { ["_sd"] = new JsonArray(decoy, decoy) }, []);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.DigestDuplicated);
    }

    [Fact]
    public async Task Digest_repeated_inside_a_recursive_disclosure_is_rejected()
    {
        var (inner, innerDigest) = Property("locality", "Anytown");
        var (outer, outerDigest) = Property("address", new JsonObject { ["_sd"] = new JsonArray(innerDigest) });
        var presentation = await ForgeAsync(new JsonObject { ["_sd"] = new JsonArray(outerDigest, innerDigest) }, [outer, inner]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.DigestDuplicated);
    }

    [Fact]
    public async Task Recursive_disclosure_reveals_nested_claims_and_needs_its_parent()
    {
        var (inner, innerDigest) = Property("locality", "Anytown");
        var (outer, outerDigest) = Property("address", new JsonObject { ["_sd"] = new JsonArray(innerDigest), ["country"] = "US" });
        var payload = new JsonObject { ["_sd"] = new JsonArray(outerDigest) };

        var both = Verifier.Verify(await ForgeAsync(payload, [outer, inner]));
        AssertValid(both);
        AssertClaims(JsonNode.Parse("""{"address":{"country":"US","locality":"Anytown"}}"""), both);

        var parentOnly = Verifier.Verify(await ForgeAsync(payload, [outer]));
        AssertClaims(JsonNode.Parse("""{"address":{"country":"US"}}"""), parentOnly);

        AssertFails(Verifier.Verify(await ForgeAsync(payload, [inner])), SdJwtFailureCodes.DisclosureUnreferenced);
    }

    [Fact]
    public async Task Array_element_placeholder_with_other_keys_is_rejected()
    {
        var (disclosure, digest) = Element("DE");
        var presentation = await ForgeAsync(new JsonObject { ["nationalities"] = new JsonArray(new JsonObject { ["..."] = digest, ["extra"] = 1 }) }, [disclosure]);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.InvalidDigestContainer);
    }

    [Fact]
    public async Task Sd_alg_below_the_top_level_is_rejected()
    {
        var presentation = await ForgeAsync(new JsonObject { ["address"] = new JsonObject { ["_sd_alg"] = "sha-256" } }, []);

        AssertFails(Verifier.Verify(presentation), SdJwtFailureCodes.InvalidDigestContainer);
    }

    [Fact]
    public async Task Sd_that_is_not_an_array_of_strings_is_rejected()
    {
        AssertFails(Verifier.Verify(await ForgeAsync(new JsonObject { ["_sd"] = "abc" }, [])), SdJwtFailureCodes.InvalidDigestContainer);
        AssertFails(Verifier.Verify(await ForgeAsync(new JsonObject { ["_sd"] = new JsonArray(1) }, [])), SdJwtFailureCodes.InvalidDigestContainer);
    }

    [Fact]
    public void Empty_disclosure_between_separators_is_rejected()
    {
        var parts = Parts(Example5Issued).ToList();
        parts.Insert(1, string.Empty);

        AssertFails(Verifier.Verify(string.Join('~', parts)), SdJwtFailureCodes.DisclosureMalformed);
    }

    [Fact]
    public void Sd_jwt_without_the_trailing_tilde_is_rejected()
    {
        AssertFails(Verifier.Verify(Example5Issued.TrimEnd('~')), SdJwtFailureCodes.MissingSeparator);
        AssertFails(Verifier.Verify(Parts(Example5Issued)[0]), SdJwtFailureCodes.MissingSeparator);
    }

    [Theory]
    [InlineData("[\"salt\"]")]
    [InlineData("[\"salt\", \"a\", 1, 2]")]
    [InlineData("{\"salt\": \"a\"}")]
    [InlineData("[1, \"name\", \"value\"]")]
    [InlineData("[\"salt\", 2, \"value\"]")]
    [InlineData("[\"salt\", \"name\", \"value\"] x")]
    [InlineData("[\"salt\", \"name\", {\"a\": 1, \"a\": 2}]")]
    public void Malformed_disclosure_is_rejected_at_decode(string json)
    {
        var parts = Parts(Example5Issued).ToList();
        parts.Insert(1, Base64UrlEncoding.Encode(System.Text.Encoding.UTF8.GetBytes(json)));

        var result = Verifier.Verify(string.Join('~', parts));

        AssertFails(result, SdJwtFailureCodes.DisclosureMalformed);
        Assert.Equal(CheckStatus.Failed, Assert.Single(result.Checks).Status);
    }
}
