using System.Text.Json.Nodes;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// The 16 generated cases of openwallet-foundation-labs/sd-jwt-python at cde6139 (tests/vectors/sdjwt/sd-jwt-python/generated):
/// each presentation verifies with the issuer key and yields its verified_contents.json.
/// </summary>
public sealed class SdJwtPythonCaseTests
{
    public static TheoryData<string> Cases => new()
    {
        "array_data_types", "array_full_sd", "array_in_sd", "array_nested_in_plain", "array_none_disclosed", "array_of_nulls",
        "array_of_objects", "array_of_scalars", "array_recursive_sd", "array_recursive_sd_some_disclosed", "header_mod",
        "json_serialization_flattened", "key_binding", "no_sd", "object_data_types", "recursions",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Presentation_verifies_to_its_verified_contents(string name)
    {
        var directory = "sdjwt/sd-jwt-python/generated/" + name + "/";
        var keyBound = File.Exists(Path.Combine(AppContext.BaseDirectory, "vectors", directory, "kb_jwt_payload.json"));
        var presentation = name == "json_serialization_flattened"
            ? JsonNode.Parse(Text(directory + "sd_jwt_presentation.json"))!.GetValue<string>() // the generator double-encodes JSON
            : Text(directory + "sd_jwt_presentation.txt");

        // Verify at the KB-JWT's iat (the generation time) or, without key binding, inside iat..exp.
        var now = keyBound ? At(Json(directory + "kb_jwt_payload.json")["iat"]!.GetValue<long>()) : At(1683000000 + 1);
        var result = CreateVerifier(now, keyBound ? KeyBindingPolicy.Required : KeyBindingPolicy.Forbidden, audience: PythonAudience).Verify(presentation);

        AssertValid(result);
        AssertClaims(Json(directory + "verified_contents.json"), result);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Issued_sd_jwt_processes_to_the_user_claims_plus_the_registered_claims(string name)
    {
        var directory = "sdjwt/sd-jwt-python/generated/" + name + "/";
        var issuance = name == "json_serialization_flattened"
            ? JsonNode.Parse(Text(directory + "sd_jwt_issuance.json"))!.GetValue<string>()
            : Text(directory + "sd_jwt_issuance.txt");
        var result = CreateVerifier(At(1683000000 + 1), KeyBindingPolicy.Forbidden).Verify(issuance);

        AssertValid(result);
        var claims = Assert.Single(result.Documents).Claims!;
        foreach (var (claim, value) in Json(directory + "user_claims.json"))
        {
            Assert.True(JsonNode.DeepEquals(value, claims[claim]), claim);
        }
    }
}
