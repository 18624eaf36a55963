using System.Text.Json.Nodes;
using Honnin.Dcql;
using Honnin.SdJwt;

namespace Honnin.Core.Tests.Dcql;

/// <summary>
/// The DCQL examples of OpenID4VP 1.0 (§6.5 and Appendix D, and the W3C formats of Appendix B; tests/vectors/dcql/README.md
/// names each source file) read, keep what they say, and write back as they are.
/// </summary>
public sealed class DcqlParsingTests
{
    public static TheoryData<string> Examples =>
    [
        "simple.json", "simple_mdoc.json", "multi_credentials.json", "credentials_alternatives.json", "complex_mdoc.json",
        "claims_alternatives.json", "value_matching_simple.json", "dcql_jwt_vc.json", "dcql_ldp_vc.json",
    ];

    internal static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "dcql", name));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_specification_example_parses_and_writes_back_as_it_was(string name)
    {
        var text = Example(name);

        var query = DcqlQuery.Parse(text);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), query.ToJson()), $"{name} did not write back as it was: {query.ToJson().ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(query.ToJson(), DcqlQuery.FromJson(query.ToJson()).ToJson()));
    }

    [Fact]
    public void The_simple_sd_jwt_example_keeps_type_paths_and_defaults()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var credential = Assert.Single(query.Credentials);
        Assert.Equal("my_credential", credential.Id);
        Assert.Equal(DcqlFormats.SdJwtVc, credential.Format);
        Assert.Equal(["https://credentials.example.com/identity_credential"], credential.VctValues);
        Assert.Null(credential.DoctypeValue);
        Assert.False(credential.Multiple);
        Assert.True(credential.RequireCryptographicHolderBinding);
        Assert.Null(credential.ClaimSets);
        Assert.Null(query.CredentialSets);
        Assert.Equal(["family_name", "given_name", "address.street_address"], credential.Claims!.Select(c => c.Path.ToString()));
        Assert.All(credential.Claims!, c => Assert.Null(c.Values));
    }

    [Fact]
    public void The_mdoc_example_keeps_doctype_and_namespace_element_paths()
    {
        var query = DcqlQuery.Parse(Example("simple_mdoc.json"));

        var credential = Assert.Single(query.Credentials);
        Assert.Equal(DcqlFormats.Mdoc, credential.Format);
        Assert.Equal("org.iso.7367.1.mVRC", credential.DoctypeValue);
        Assert.Null(credential.VctValues);
        Assert.Equal(["org.iso.7367.1", "org.iso.18013.5.1"], credential.Claims!.Select(c => c.NameSpace));
        Assert.Equal(["vehicle_holder", "given_name"], credential.Claims!.Select(c => c.Path.Segments[1].Name));
    }

    [Fact]
    public void Credential_sets_keep_their_options_and_required_default()
    {
        var query = DcqlQuery.Parse(Example("credentials_alternatives.json"));

        Assert.Equal(2, query.CredentialSets!.Count);
        Assert.True(query.CredentialSets[0].Required);
        Assert.False(query.CredentialSets[1].Required);
        Assert.Equal([["pid"], ["other_pid"], ["pid_reduced_cred_1", "pid_reduced_cred_2"]], query.CredentialSets[0].Options);
    }

    [Fact]
    public void Claim_sets_resolve_to_their_claims_in_order()
    {
        var credential = DcqlQuery.Parse(Example("claims_alternatives.json")).Credentials[0];

        Assert.Equal([["a", "c", "d", "e"], ["a", "b", "e"]], credential.ClaimSets);
        Assert.Equal(["family_name", "postal_code", "date_of_birth"], credential.ClaimSet(1).Select(c => c.Path.ToString()));
        Assert.Throws<ArgumentOutOfRangeException>(() => credential.ClaimSet(2));
    }

    [Fact]
    public void Values_are_kept_and_match_by_type_and_value()
    {
        var claims = DcqlQuery.Parse(Example("value_matching_simple.json")).Credentials[0].Claims!;

        Assert.Equal(["90210", "90211"], claims[3].Values!.Select(v => v.GetValue<string>()));
        Assert.True(claims[3].Accepts(JsonValue.Create("90211")));
        Assert.False(claims[3].Accepts(JsonValue.Create(90211)));
        Assert.False(claims[3].Accepts(null));
        Assert.True(claims[1].Accepts(JsonValue.Create("anything")));
    }

    [Fact]
    public void Integer_and_boolean_values_match_only_their_own_type()
    {
        var query = DcqlQuery.Parse("""
            {"credentials":[{"id":"c","format":"dc+sd-jwt","meta":{"vct_values":["t"]},
              "claims":[{"path":["age"],"values":[18, 21]},{"path":["adult"],"values":[true]}]}]}
            """);
        var claims = query.Credentials[0].Claims!;

        Assert.True(claims[0].Accepts(JsonNode.Parse("21")));
        Assert.True(claims[0].Accepts(JsonNode.Parse("21.0")));
        Assert.False(claims[0].Accepts(JsonValue.Create("21")));
        Assert.False(claims[0].Accepts(JsonValue.Create(true)));
        Assert.True(claims[1].Accepts(JsonValue.Create(true)));
        Assert.False(claims[1].Accepts(JsonValue.Create(false)));
        Assert.False(claims[1].Accepts(JsonValue.Create("true")));
    }

    [Fact]
    public void Other_formats_are_kept_as_written_with_their_meta()
    {
        var credential = DcqlQuery.Parse(Example("dcql_ldp_vc.json")).Credentials[0];

        Assert.Equal("ldp_vc", credential.Format);
        Assert.Null(credential.VctValues);
        Assert.Null(credential.DoctypeValue);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type_values":[["IDCredential"]]}"""), credential.GetMeta()));
    }

    [Fact]
    public void Every_member_round_trips_including_non_defaults_and_trusted_authorities()
    {
        const string text = """
            {"credentials":[{"id":"mdl","format":"mso_mdoc","multiple":true,"meta":{"doctype_value":"org.iso.18013.5.1.mDL"},
              "trusted_authorities":[{"type":"aki","values":["s9tIpPmhxdiuNkHMEWNpYim8S8Y"]},{"type":"etsi_tl","values":["https://lotl.example.com"]}],
              "require_cryptographic_holder_binding":false,
              "claims":[{"id":"n","path":["org.iso.18013.5.1","family_name"],"intent_to_retain":true},
                        {"id":"a","path":["org.iso.18013.5.1","age_over_18"],"values":[true],"intent_to_retain":false}],
              "claim_sets":[["a"],["n"]]}],
             "credential_sets":[{"options":[["mdl"]],"required":false}]}
            """;

        var query = DcqlQuery.Parse(text);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), query.ToJson()));
        var credential = query.Credentials[0];
        Assert.True(credential.Multiple);
        Assert.False(credential.RequireCryptographicHolderBinding);
        Assert.Equal([true, false], credential.Claims!.Select(c => c.IntentToRetain));
        Assert.Equal(["aki", "etsi_tl"], credential.TrustedAuthorities!.Select(a => a.Type));
        Assert.Equal(["https://lotl.example.com"], credential.TrustedAuthorities![1].Values);
    }

    [Fact]
    public void Unknown_members_are_ignored_and_intent_to_retain_is_read_only_for_mdoc()
    {
        var query = DcqlQuery.Parse("""
            {"future":{"x":[1]},"credentials":[{"id":"c","format":"dc+sd-jwt","meta":{"vct_values":["t"],"other":1},"extension":true,
              "claims":[{"path":["a"],"intent_to_retain":true,"more":null}]}]}
            """);

        Assert.Null(query.Credentials[0].Claims![0].IntentToRetain);
        Assert.False(query.ToJson().ContainsKey("future"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"vct_values":["t"],"other":1}"""), query.Credentials[0].GetMeta()));
    }

    [Fact]
    public void Paths_with_indexes_and_wildcards_are_claims_path_pointers()
    {
        var claim = DcqlQuery.Parse("""
            {"credentials":[{"id":"c","format":"dc+sd-jwt","meta":{"vct_values":["t"]},"claims":[{"path":["degrees",null,"type"]},{"path":["nationalities",1]}]}]}
            """).Credentials[0].Claims!;

        Assert.Equal(ClaimPath.Parse("degrees[*].type"), claim[0].Path);
        Assert.Equal(ClaimPath.Parse("nationalities[1]"), claim[1].Path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["degrees",null,"type"]"""), claim[0].Path.ToPointer()));
    }

    [Fact]
    public void TryParse_reports_the_failure_instead_of_throwing()
    {
        Assert.False(DcqlQuery.TryParse("{}", out var query, out var error));
        Assert.Null(query);
        Assert.Equal(DcqlFailureCodes.Malformed, error.Code);
        Assert.True(DcqlQuery.TryParse(Example("simple.json"), out query, out error));
        Assert.NotNull(query);
        Assert.Null(error);
        Assert.False(DcqlQuery.TryFromJson(new JsonObject { ["credentials"] = new JsonArray() }, out _, out error));
        Assert.Equal(DcqlFailureCodes.Malformed, error.Code);
    }
}
