using System.Text.Json.Nodes;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// Known answers from the RFC 9901 examples (draft-ietf-oauth-selective-disclosure-jwt-22, tests/vectors/sdjwt/rfc9901-draft22):
/// every presentation verifies and gives the processed payload printed in the specification.
/// </summary>
public sealed class Rfc9901ExampleTests
{
    /// <summary>The examples' KB-JWT iat (2025-05-29T16:47:23Z), inside every example's iat..exp.</summary>
    private static readonly DateTimeOffset KbTime = At(1748537243);

    public static TheoryData<string> KeyBoundExamples => new()
    {
        "rfc9901-draft22/example-5-basic-with-kb.json",
        "rfc9901-draft22/example-A3-sd-jwt-vc.json",
        "rfc9901-draft22/example-A4-w3c-vcdm2.json",
    };

    public static TheoryData<string> UnboundExamples => new()
    {
        "rfc9901-draft22/example-A1-simple-structured-decoys.json",
        "rfc9901-draft22/example-A2-complex-structured-recursive.json",
    };

    public static TheoryData<string> AllExamples => new()
    {
        "rfc9901-draft22/example-5-basic-with-kb.json",
        "rfc9901-draft22/example-A1-simple-structured-decoys.json",
        "rfc9901-draft22/example-A2-complex-structured-recursive.json",
        "rfc9901-draft22/example-A3-sd-jwt-vc.json",
        "rfc9901-draft22/example-A4-w3c-vcdm2.json",
    };

    [Theory]
    [MemberData(nameof(KeyBoundExamples))]
    public void Key_bound_presentation_verifies_to_the_printed_payload(string file)
    {
        var vector = Json("sdjwt/" + file);
        var result = CreateVerifier(KbTime).Verify(vector["sd_jwt_presentation"]!.GetValue<string>());

        AssertValid(result);
        AssertClaims(vector["verified_payload"], result);
    }

    [Theory]
    [MemberData(nameof(UnboundExamples))]
    public void Presentation_without_key_binding_verifies_to_the_printed_payload_when_the_policy_forbids_key_binding(string file)
    {
        var vector = Json("sdjwt/" + file);
        var result = CreateVerifier(KbTime, KeyBindingPolicy.Forbidden).Verify(vector["sd_jwt_presentation"]!.GetValue<string>());

        AssertValid(result);
        AssertClaims(vector["verified_payload"], result);
    }

    [Theory]
    [MemberData(nameof(AllExamples))]
    public void Issued_sd_jwt_with_every_disclosure_verifies_to_the_full_payload(string file)
    {
        var vector = Json("sdjwt/" + file);
        var result = CreateVerifier(KbTime, KeyBindingPolicy.Forbidden).Verify(vector["sd_jwt_issuance"]!.GetValue<string>());

        AssertValid(result);
        AssertClaims(vector["processed_payload_all_disclosed"], result);
    }

    [Theory]
    [MemberData(nameof(KeyBoundExamples))]
    public void Key_binding_sd_hash_is_over_the_presentation_including_the_trailing_tilde(string file)
    {
        var vector = Json("sdjwt/" + file);
        var sdJwt = SelectiveDisclosureJwt.Parse(vector["sd_jwt_presentation"]!.GetValue<string>());

        Assert.Equal(vector["sd_hash_input"]!.GetValue<string>(), sdJwt.SerializeWithoutKeyBinding());
        Assert.EndsWith("~", sdJwt.SerializeWithoutKeyBinding(), StringComparison.Ordinal);
        Assert.Equal(vector["expected_sd_hash"]!.GetValue<string>(), sdJwt.ComputeSdHash(SdHashAlgorithm.Sha256));
        Assert.Equal(vector["expected_sd_hash"]!.GetValue<string>(), sdJwt.KeyBinding!.SdHash);
        Assert.Equal(vector["sd_jwt_presentation"]!.GetValue<string>(), sdJwt.Serialize());
    }

    [Fact]
    public void Example_A3_verifies_under_the_sd_jwt_vc_profile()
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-A3-sd-jwt-vc.json");
        var result = CreateVerifier(KbTime, profile: SdJwtVerificationProfile.SdJwtVc).Verify(vector["sd_jwt_presentation"]!.GetValue<string>());

        AssertValid(result);
        AssertClaims(vector["verified_payload"], result);
        var document = Assert.Single(result.Documents);
        Assert.Equal("urn:eudi:pid:de:1", document.DocType);
        Assert.Equal("https://pid-issuer.bund.de.example", document.Issuer);
        Assert.Equal(At(1683000000), document.ValidFrom);
        Assert.Equal(At(1883000000), document.ValidUntil);
    }

    [Fact]
    public void Example_5_is_not_an_sd_jwt_vc_because_its_typ_is_example_sd_jwt_and_it_has_no_vct()
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json");
        var result = CreateVerifier(KbTime, profile: SdJwtVerificationProfile.SdJwtVc).Verify(vector["sd_jwt_presentation"]!.GetValue<string>());

        AssertFails(result, SdJwtFailureCodes.TypeInvalid);
        AssertFails(result, SdJwtFailureCodes.VctMissing);
    }

    [Theory]
    [InlineData("8.2 flattened JSON serialization, as issued", false)]
    [InlineData("8.2 flattened JSON serialization, SD-JWT+KB with two Disclosures", true)]
    [InlineData("8.3 general JSON serialization, presentation with kb_jwt", true)]
    public void Jws_json_serialization_verifies_to_the_processed_payload(string name, bool keyBound)
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-8-jws-json-serialization.json")[name]!;
        var json = vector["jws_json"]!.ToJsonString();
        var result = CreateVerifier(KbTime, keyBound ? KeyBindingPolicy.Required : KeyBindingPolicy.Forbidden).Verify(json);

        AssertValid(result);
        AssertClaims(vector["processed_payload (computed)"], result);
        var sdJwt = SelectiveDisclosureJwt.Parse(json);
        Assert.Equal(vector["equivalent_compact_sd_jwt"]!.GetValue<string>(), sdJwt.SerializeWithoutKeyBinding());
        Assert.Equal(keyBound, sdJwt.KeyBinding is not null);
        if (keyBound)
        {
            Assert.Equal(vector["sd_hash_input (compact form rebuilt from protected.payload.signature + disclosures)"]!.GetValue<string>(), sdJwt.SerializeWithoutKeyBinding());
        }
    }

    [Fact]
    public void General_json_serialization_with_disclosures_in_a_later_header_is_rejected()
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-8-jws-json-serialization.json")["8.3 general JSON serialization, presentation with kb_jwt"]!;
        var json = vector["jws_json"]!.AsObject();
        var signatures = json["signatures"]!.AsArray();
        var first = signatures[0]!["header"]!.AsObject();
        var disclosures = first["disclosures"]!.DeepClone();
        first.Remove("disclosures");
        signatures[1]!["header"]!.AsObject()["disclosures"] = disclosures;

        var result = CreateVerifier(KbTime).Verify(json.ToJsonString());

        AssertFails(result, SdJwtFailureCodes.Malformed);
    }

    [Fact]
    public void Example_5_without_its_array_element_disclosures_removes_the_undisclosed_nationalities()
    {
        // The printed presentation discloses one of the two nationalities: the other element disappears.
        var vector = Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json");
        var result = CreateVerifier(KbTime).Verify(vector["sd_jwt_presentation"]!.GetValue<string>());

        var claims = Assert.Single(result.Documents).Claims!;
        Assert.Equal(["US"], claims["nationalities"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
