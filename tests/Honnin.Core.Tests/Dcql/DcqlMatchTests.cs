using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Dcql;
using Honnin.SdJwt;
using static Honnin.Core.Tests.Dcql.DcqlParsingTests;
using static Honnin.Core.Tests.Dcql.DcqlTestCredentials;

namespace Honnin.Core.Tests.Dcql;

/// <summary>
/// The wallet's side of DCQL (OpenID4VP 1.0 §6.4): which credentials answer which credential query, with which claims,
/// and whether the query as a whole can be answered; over the specification's examples (tests/vectors/dcql).
/// </summary>
public sealed class DcqlMatchTests
{
    private const string Person = """{"given_name":"Arthur","family_name":"Dent","address":{"street_address":"42 Market Street","locality":"Milliways"}}""";

    [Fact]
    public void A_credential_with_every_requested_claim_matches_and_discloses_them_all()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var match = query.Match([SdJwtVc(IdentityVct, Person)]);

        Assert.True(match.IsSatisfiable);
        var candidate = Assert.Single(match.Find("my_credential")!.Candidates);
        Assert.Equal(0, candidate.Index);
        Assert.Null(candidate.ClaimSetIndex);
        Assert.Equal(["family_name", "given_name", "address.street_address"], candidate.Claims.Select(c => c.Path.ToString()));
    }

    [Fact]
    public void A_credential_without_a_requested_claim_or_of_another_type_or_format_does_not_match()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var match = query.Match([
            SdJwtVc(IdentityVct, """{"given_name":"Arthur","family_name":"Dent","address":{"locality":"Milliways"}}"""),
            SdJwtVc("https://other.example/vct", Person),
            MdocOf(IdentityVct, """{"ns":{"given_name":"Arthur"}}"""),
        ]);

        Assert.False(match.IsSatisfiable);
        Assert.False(match.Credentials[0].IsMatched);
    }

    [Fact]
    public void Holder_binding_is_required_unless_the_query_waives_it()
    {
        var unbound = SdJwtVc(IdentityVct, Person, DcqlHolderBinding.None);
        var waived = DcqlQuery.Parse("""{"credentials":[{"id":"c","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"require_cryptographic_holder_binding":false}]}""");

        Assert.False(DcqlQuery.Parse(Example("simple.json")).Match([unbound]).IsSatisfiable);
        Assert.True(waived.Match([unbound]).IsSatisfiable);
    }

    [Fact]
    public void Without_claims_a_query_matches_on_type_and_asks_for_no_claim()
    {
        var query = DcqlQuery.Parse("""{"credentials":[{"id":"c","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"}}]}""");

        var candidate = Assert.Single(query.Match([MdocOf("org.iso.18013.5.1.mDL", """{"org.iso.18013.5.1":{"family_name":"Dent"}}""")]).Credentials[0].Candidates);

        Assert.Empty(candidate.Claims);
    }

    [Fact]
    public void The_first_claim_set_the_credential_satisfies_is_chosen()
    {
        var query = DcqlQuery.Parse(Example("claims_alternatives.json"));
        var everything = SdJwtVc(IdentityVct, """{"family_name":"Dent","postal_code":"12345","locality":"Milliways","region":"Here","date_of_birth":"1952-03-11"}""");
        var noLocality = SdJwtVc(IdentityVct, """{"family_name":"Dent","postal_code":"12345","region":"Here","date_of_birth":"1952-03-11"}""");
        var neither = SdJwtVc(IdentityVct, """{"family_name":"Dent","region":"Here","date_of_birth":"1952-03-11"}""");

        var candidates = query.Match([everything, noLocality, neither]).Credentials[0].Candidates;

        Assert.Equal([0, 1], candidates.Select(c => c.Index));
        Assert.Equal(0, candidates[0].ClaimSetIndex);
        Assert.Equal(["family_name", "locality", "region", "date_of_birth"], candidates[0].Claims.Select(c => c.Path.ToString()));
        Assert.Equal(1, candidates[1].ClaimSetIndex);
        Assert.Equal(["family_name", "postal_code", "date_of_birth"], candidates[1].Claims.Select(c => c.Path.ToString()));
    }

    [Fact]
    public void A_claim_whose_value_is_not_among_values_counts_as_absent()
    {
        var query = DcqlQuery.Parse(Example("value_matching_simple.json"));
        const string Address = "\"given_name\":\"John\",\"address\":{\"street_address\":\"1 Main St\"}";

        var match = query.Match([
            SdJwtVc(IdentityVct, "{\"family_name\":\"Smith\",\"postal_code\":\"90210\"," + Address + "}"),
            SdJwtVc(IdentityVct, "{\"family_name\":\"Doe\",\"postal_code\":90210," + Address + "}"),
            SdJwtVc(IdentityVct, "{\"family_name\":\"Doe\",\"postal_code\":\"90211\"," + Address + "}"),
        ]);

        Assert.Equal([2], match.Credentials[0].Candidates.Select(c => c.Index));
    }

    [Fact]
    public void Every_matching_credential_is_listed_for_the_person_to_choose_multiple_or_not()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var match = query.Match([SdJwtVc(IdentityVct, Person), SdJwtVc("x", Person), SdJwtVc(IdentityVct, Person)]);

        Assert.False(query.Credentials[0].Multiple);
        Assert.Equal([0, 2], match.Credentials[0].Candidates.Select(c => c.Index));
    }

    [Fact]
    public void Without_credential_sets_every_credential_query_must_match()
    {
        var query = DcqlQuery.Parse(Example("multi_credentials.json"));
        var pid = SdJwtVc(IdentityVct, Person);
        var vehicle = MdocOf("org.iso.7367.1.mVRC", """{"org.iso.7367.1":{"vehicle_holder":"Arthur Dent"},"org.iso.18013.5.1":{"given_name":"Arthur"}}""");

        Assert.True(query.Match([pid, vehicle]).IsSatisfiable);
        Assert.False(query.Match([pid]).IsSatisfiable);
        Assert.Null(query.Match([pid]).CredentialSets);
    }

    [Fact]
    public void Credential_sets_report_their_satisfiable_options_and_optional_sets_do_not_block()
    {
        var query = DcqlQuery.Parse(Example("credentials_alternatives.json"));
        var otherPid = SdJwtVc("https://othercredentials.example/pid", Person);
        var reduced1 = SdJwtVc("https://credentials.example.com/reduced_identity_credential", """{"family_name":"Dent","given_name":"Arthur"}""");
        var reduced2 = SdJwtVc("https://cred.example/residence_credential", """{"postal_code":"1","locality":"M","region":"R"}""");
        var rewards = SdJwtVc("https://company.example/company_rewards", """{"rewards_number":1}""");

        var onlyOther = query.Match([otherPid]);
        Assert.True(onlyOther.IsSatisfiable);
        Assert.Equal([1], onlyOther.CredentialSets![0].SatisfiableOptions);
        Assert.False(onlyOther.CredentialSets[1].IsSatisfiable);

        Assert.False(query.Match([rewards]).IsSatisfiable);
        Assert.False(query.Match([reduced1, rewards]).IsSatisfiable);

        var reduced = query.Match([reduced1, reduced2, rewards, otherPid]);
        Assert.True(reduced.IsSatisfiable);
        Assert.Equal([1, 2], reduced.CredentialSets![0].SatisfiableOptions);
        Assert.Equal([0], reduced.CredentialSets[1].SatisfiableOptions);
    }

    [Fact]
    public void Mdoc_queries_match_on_doctype_and_namespace_element()
    {
        var query = DcqlQuery.Parse(Example("complex_mdoc.json"));
        var mdl = MdocOf("org.iso.18013.5.1.mDL", """{"org.iso.18013.5.1":{"given_name":"Arthur","family_name":"Dent","portrait":"AAAA"}}""");
        var photoId = MdocOf("org.iso.23220.photoid.1", """{"org.iso.18013.5.1":{"given_name":"Arthur","family_name":"Dent","portrait":"AAAA","resident_address":"x","resident_country":"GB"}}""");

        var onlyMdl = query.Match([mdl]);
        Assert.True(onlyMdl.IsSatisfiable);
        Assert.Equal([0], onlyMdl.CredentialSets![0].SatisfiableOptions);
        Assert.False(onlyMdl.CredentialSets[1].IsSatisfiable);

        var both = query.Match([mdl, photoId]);
        Assert.Equal([0, 1], both.CredentialSets![0].SatisfiableOptions);
        Assert.Equal([1], both.CredentialSets[1].SatisfiableOptions);
        Assert.Equal([1], both.Find("photo_card-id")!.Candidates.Select(c => c.Index));

        var wrongNameSpace = MdocOf("org.iso.18013.5.1.mDL", """{"org.iso.23220.1":{"given_name":"Arthur","family_name":"Dent","portrait":"AAAA"}}""");
        Assert.False(query.Match([wrongNameSpace]).IsSatisfiable);
    }

    [Fact]
    public void Mdoc_values_match_the_cbor_value_converted_to_json()
    {
        var query = DcqlQuery.Parse("""
            {"credentials":[{"id":"age","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"},
              "claims":[{"path":["org.iso.18013.5.1","age_over_18"],"values":[true]},{"path":["org.iso.18013.5.1","issuing_country"],"values":["GB","IE"]}]}]}
            """);
        IDcqlCredential Holder(CborValue over18) => DcqlCredential.ForMdoc(
            "org.iso.18013.5.1.mDL",
            new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>
            {
                ["org.iso.18013.5.1"] = new Dictionary<string, JsonNode?>
                {
                    ["age_over_18"] = DcqlCredential.MdocElementValue(over18),
                    ["issuing_country"] = DcqlCredential.MdocElementValue(new CborTextString("GB")),
                },
            },
            DcqlHolderBinding.Cryptographic);

        Assert.True(query.Match([Holder(CborBoolean.True)]).IsSatisfiable);
        Assert.False(query.Match([Holder(CborBoolean.False)]).IsSatisfiable);
        Assert.False(query.Match([Holder(new CborInteger(1))]).IsSatisfiable);
    }

    [Fact]
    public void Queries_of_other_formats_match_nothing()
    {
        var query = DcqlQuery.Parse(Example("dcql_ldp_vc.json"));
        var ldp = new OtherFormat("ldp_vc");

        Assert.False(query.Match([ldp]).IsSatisfiable);
    }

    [Theory]
    [InlineData("name", true)]
    [InlineData("address", true)]
    [InlineData("address.street_address", true)]
    [InlineData("degrees[*].type", true)]
    [InlineData("nationalities[1]", true)]
    [InlineData("nationalities[2]", false)]
    [InlineData("nationalities[*]", true)]
    [InlineData("name[*]", false)]
    [InlineData("name[0]", false)]
    [InlineData("name.first", false)]
    [InlineData("degrees.type", false)]
    [InlineData("degrees[*].minor", false)]
    [InlineData("mixed[*].type", false)]
    [InlineData("missing", false)]
    [InlineData("nothing", true)]
    public void Claims_path_pointers_select_as_openid4vp_section_7_1_says(string path, bool selects)
    {
        // Source: OpenID4VP 1.0 §7.4 example credential, with "mixed" (an array holding a non-object) and "nothing" (JSON null) added.
        var credential = SdJwtVc("t", """
            {"name":"Arthur Dent","address":{"street_address":"42 Market Street","locality":"Milliways","postal_code":"12345"},
             "degrees":[{"type":"Bachelor of Science","university":"University of Betelgeuse"},{"type":"Master of Science","university":"University of Betelgeuse"}],
             "nationalities":["British","Betelgeusian"],"mixed":[{"type":"a"},"b"],"nothing":null}
            """);

        Assert.Equal(selects, credential.TrySelect(ClaimPath.Parse(path), out var values));
        if (path == "degrees[*].type")
        {
            Assert.Equal(["Bachelor of Science", "Master of Science"], values!.Select(v => v!.GetValue<string>()));
        }
    }

    [Fact]
    public void With_a_wildcard_one_matching_value_is_enough()
    {
        var query = DcqlQuery.Parse("""{"credentials":[{"id":"c","format":"dc+sd-jwt","meta":{"vct_values":["t"]},"claims":[{"path":["nationalities",null],"values":["DE"]}]}]}""");

        Assert.True(query.Match([SdJwtVc("t", """{"nationalities":["GB","DE"]}""")]).IsSatisfiable);
        Assert.False(query.Match([SdJwtVc("t", """{"nationalities":["GB","FR"]}""")]).IsSatisfiable);
    }

    private sealed class OtherFormat(string format) : IDcqlCredential
    {
        public string Format => format;

        public string? Type => null;

        public DcqlHolderBinding HolderBinding => DcqlHolderBinding.Cryptographic;

        public IReadOnlyList<ClaimPath> DisclosedClaims => [];

        public bool TrySelect(ClaimPath path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<JsonNode?>? values)
        {
            values = [JsonValue.Create("anything")];
            return true;
        }
    }
}
