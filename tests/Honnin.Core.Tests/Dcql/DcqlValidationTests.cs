using System.Text;
using Honnin.Dcql;

namespace Honnin.Core.Tests.Dcql;

/// <summary>
/// Every rule of OpenID4VP 1.0 §6 and §7 that a query can break is rejected with its own code: negative twins of
/// tests/vectors/dcql/simple.json and simple_mdoc.json, one change each. Bounds are enforced before any work is done.
/// </summary>
public sealed class DcqlValidationTests
{
    private const string Sd = "\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"https://credentials.example.com/identity_credential\"]}";
    private const string Mdoc = "\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"org.iso.7367.1.mVRC\"}";

    public static TheoryData<string, string> Invalid => new()
    {
        // Not a query at all.
        { "[]", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}]} x", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credentials\":[]}", DcqlFailureCodes.Malformed },
        { "{}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":{}}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[1]}", DcqlFailureCodes.Malformed },

        // Credential query id: required, [A-Za-z0-9_-]+, unique.
        { "{\"credentials\":[{" + Sd + "}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":\"\"," + Sd + "}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":\"a b\"," + Sd + "}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":\"a.b\"," + Sd + "}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":\"ä\"," + Sd + "}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":7," + Sd + "}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "},{\"id\":\"a\"," + Mdoc + "}]}", DcqlFailureCodes.DuplicateId },

        // Format, multiple, holder binding.
        { "{\"credentials\":[{\"id\":\"a\",\"meta\":{}}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"\",\"meta\":{}}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":1,\"meta\":{}}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"multiple\":\"true\"}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"require_cryptographic_holder_binding\":0}]}", DcqlFailureCodes.Malformed },

        // Meta: required object; doctype_value for mdoc, vct_values for SD-JWT VC.
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"ldp_vc\"}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\"}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":[]}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[]}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":\"t\"}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"t\",1]}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"\"]}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"mso_mdoc\",\"meta\":{}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":[\"org.iso.18013.5.1.mDL\"]}}]}", DcqlFailureCodes.InvalidMeta },
        { "{\"credentials\":[{\"id\":\"a\",\"format\":\"mso_mdoc\",\"meta\":{\"doctype_value\":\"\"}}]}", DcqlFailureCodes.InvalidMeta },

        // Claims: a non-empty array of objects with a path; ids unique; the same claim not twice.
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[]}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[[\"x\"]]}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x y\",\"path\":[\"x\"]}]}]}", DcqlFailureCodes.InvalidId },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]},{\"id\":\"x\",\"path\":[\"y\"]}]}]}", DcqlFailureCodes.DuplicateId },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\",0]},{\"path\":[\"x\",0]}]}]}", DcqlFailureCodes.DuplicateClaim },

        // Claims path pointers (§7).
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":\"x\"}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\",-1]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\",1.5]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\",true]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\",{}]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\",99999999999]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[0,\"x\"]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[null]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Mdoc + ",\"claims\":[{\"path\":[\"org.iso.7367.1\"]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Mdoc + ",\"claims\":[{\"path\":[\"org.iso.7367.1\",\"vehicle_holder\",\"x\"]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Mdoc + ",\"claims\":[{\"path\":[\"org.iso.7367.1\",0]}]}]}", DcqlFailureCodes.InvalidPath },
        { "{\"credentials\":[{\"id\":\"a\"," + Mdoc + ",\"claims\":[{\"path\":[\"org.iso.7367.1\",null]}]}]}", DcqlFailureCodes.InvalidPath },

        // Values (§6.3): a non-empty array of strings, integers and booleans.
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":[]}]}]}", DcqlFailureCodes.InvalidValues },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":\"Doe\"}]}]}", DcqlFailureCodes.InvalidValues },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":[null]}]}]}", DcqlFailureCodes.InvalidValues },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":[1.5]}]}]}", DcqlFailureCodes.InvalidValues },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":[{\"a\":1}]}]}]}", DcqlFailureCodes.InvalidValues },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":[[1]]}]}]}", DcqlFailureCodes.InvalidValues },
        { "{\"credentials\":[{\"id\":\"a\"," + Mdoc + ",\"claims\":[{\"path\":[\"n\",\"e\"],\"intent_to_retain\":\"yes\"}]}]}", DcqlFailureCodes.Malformed },

        // Claim sets: only with claims, every claim with an id, only ids that exist, non-empty.
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claim_sets\":[[\"x\"]]}]}", DcqlFailureCodes.InvalidClaimSet },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]},{\"path\":[\"y\"]}],\"claim_sets\":[[\"x\"]]}]}", DcqlFailureCodes.InvalidClaimSet },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]}],\"claim_sets\":[[\"y\"]]}]}", DcqlFailureCodes.InvalidClaimSet },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]}],\"claim_sets\":[]}]}", DcqlFailureCodes.InvalidClaimSet },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]}],\"claim_sets\":[[]]}]}", DcqlFailureCodes.InvalidClaimSet },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]}],\"claim_sets\":[\"x\"]}]}", DcqlFailureCodes.InvalidClaimSet },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]}],\"claim_sets\":null}]}", DcqlFailureCodes.InvalidClaimSet },

        // Credential sets: non-empty options of non-empty id lists that exist.
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{\"options\":[]}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{\"options\":[[]]}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{\"options\":[\"a\"]}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{\"options\":[[\"a\"]],\"required\":\"no\"}]}", DcqlFailureCodes.Malformed },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{\"options\":[[\"a\",\"b\"]]}]}", DcqlFailureCodes.InvalidCredentialSet },

        // Trusted authorities (§6.1.1).
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[\"aki\"]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[{\"values\":[\"x\"]}]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[{\"type\":\"aki\"}]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[]}]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[1]}]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[\"not base64url!\"]}]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
        { "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[{\"type\":\"aki\",\"values\":[\"\"]}]}]}", DcqlFailureCodes.InvalidTrustedAuthorities },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_query_that_breaks_a_rule_is_rejected_with_its_code(string json, string code)
    {
        var error = Assert.Throws<CredentialFormatException>(() => DcqlQuery.Parse(json));

        Assert.Equal(code, error.Code);
        Assert.False(DcqlQuery.TryParse(json, out _, out var tryError));
        Assert.Equal(code, tryError.Code);
    }

    [Fact]
    public void Messages_name_ids_and_rules_never_values()
    {
        var error = Assert.Throws<CredentialFormatException>(() => DcqlQuery.Parse(
            "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"secret-claim-name\"],\"values\":[\"Sensitive Value\", null]}]}]}"));

        Assert.DoesNotContain("Sensitive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_longer_than_the_limit_is_rejected_before_parsing()
    {
        var padding = new string(' ', DcqlQuery.MaxLength);
        var json = "{\"credentials\":[{\"id\":\"a\"," + Sd + "}]}" + padding;

        Assert.Equal(DcqlFailureCodes.TooLarge, Assert.Throws<CredentialFormatException>(() => DcqlQuery.Parse(json)).Code);
        Assert.Equal(DcqlFailureCodes.TooLarge, Assert.Throws<CredentialFormatException>(() => DcqlQuery.Parse(Encoding.UTF8.GetBytes(json))).Code);
    }

    [Fact]
    public void A_query_nested_deeper_than_the_limit_is_rejected()
    {
        var deep = new string('[', DcqlQuery.MaxDepth) + new string(']', DcqlQuery.MaxDepth);
        var json = "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"unknown\":" + deep + "}]}";

        Assert.Equal(DcqlFailureCodes.TooLarge, Assert.Throws<CredentialFormatException>(() => DcqlQuery.Parse(json)).Code);
    }

    public static TheoryData<string> TooMany => new()
    {
        "{\"credentials\":[" + string.Join(',', Enumerable.Range(0, DcqlQuery.MaxCredentialQueries + 1).Select(i => "{\"id\":\"c" + i + "\"," + Sd + "}")) + "]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[" + string.Join(',', Enumerable.Range(0, DcqlQuery.MaxClaims + 1).Select(i => "{\"path\":[\"c" + i + "\"]}")) + "]}]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"id\":\"x\",\"path\":[\"x\"]}],\"claim_sets\":[" + string.Join(',', Enumerable.Repeat("[\"x\"]", DcqlQuery.MaxClaimSets + 1)) + "]}]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[" + string.Join(',', Enumerable.Repeat("{\"options\":[[\"a\"]]}", DcqlQuery.MaxCredentialSets + 1)) + "]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + "}],\"credential_sets\":[{\"options\":[" + string.Join(',', Enumerable.Repeat("[\"a\"]", DcqlQuery.MaxOptions + 1)) + "]}]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"],\"values\":[" + string.Join(',', Enumerable.Range(0, DcqlQuery.MaxValues + 1)) + "]}]}]}",
        "{\"credentials\":[{\"id\":\"a\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[" + string.Join(',', Enumerable.Range(0, DcqlQuery.MaxValues + 1).Select(i => "\"t" + i + "\"")) + "]}}]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"claims\":[{\"path\":[\"x\"" + string.Concat(Enumerable.Repeat(",0", DcqlQuery.MaxPathLength)) + "]}]}]}",
        "{\"credentials\":[{\"id\":\"a\"," + Sd + ",\"trusted_authorities\":[" + string.Join(',', Enumerable.Repeat("{\"type\":\"aki\",\"values\":[\"x\"]}", DcqlQuery.MaxTrustedAuthorities + 1)) + "]}]}",
    };

    [Theory]
    [MemberData(nameof(TooMany))]
    public void More_entries_than_a_limit_are_rejected(string json)
    {
        Assert.Equal(DcqlFailureCodes.TooLarge, Assert.Throws<CredentialFormatException>(() => DcqlQuery.Parse(json)).Code);
    }

    [Fact]
    public void Exactly_the_limits_are_accepted()
    {
        var json = "{\"credentials\":[" + string.Join(',', Enumerable.Range(0, DcqlQuery.MaxCredentialQueries).Select(i => "{\"id\":\"c" + i + "\"," + Sd + "}")) + "]}";

        Assert.Equal(DcqlQuery.MaxCredentialQueries, DcqlQuery.Parse(json).Credentials.Count);
    }
}
