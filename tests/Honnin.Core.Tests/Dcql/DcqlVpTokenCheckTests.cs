using Honnin.Dcql;
using static Honnin.Core.Tests.Dcql.DcqlParsingTests;
using static Honnin.Core.Tests.Dcql.DcqlTestCredentials;

namespace Honnin.Core.Tests.Dcql;

/// <summary>
/// The verifier's side of DCQL (OpenID4VP 1.0 §8.6): a VP Token of verified presentations, described by what they
/// disclosed, is held against the query; every way a wallet can answer wrongly or say too much has its own code.
/// </summary>
public sealed class DcqlVpTokenCheckTests
{
    private const string Person = """{"given_name":"Arthur","family_name":"Dent","address":{"street_address":"42 Market Street"}}""";
    private static readonly string[] PersonDisclosed = ["given_name", "family_name", "address", "address.street_address"];

    private static IDcqlCredential Pid(string json = Person, string[]? disclosed = null, DcqlHolderBinding binding = DcqlHolderBinding.Cryptographic) =>
        SdJwtVc(IdentityVct, json, disclosed ?? PersonDisclosed, binding);

    private static Dictionary<string, IReadOnlyList<IDcqlCredential>> Token(params (string Id, IDcqlCredential[] Presentations)[] entries) =>
        entries.ToDictionary(e => e.Id, e => (IReadOnlyList<IDcqlCredential>)e.Presentations);

    private static void AssertFails(DcqlVpTokenCheckResult result, params string[] codes)
    {
        Assert.False(result.IsValid);
        Assert.Equal(codes.Order(StringComparer.Ordinal), result.Failures.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(result.Failures, ((IProblemReport)result).Failures);
    }

    [Fact]
    public void An_answer_that_discloses_exactly_what_was_asked_is_valid()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var result = DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid()])));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + " " + f.Message)));
        Assert.Empty(result.Warnings);
        Assert.Equal([0], result.AcceptedPresentations["my_credential"]);
    }

    [Fact]
    public void A_missing_credential_fails()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var result = DcqlVpTokenCheck.Check(query, Token());

        AssertFails(result, DcqlFailureCodes.CredentialMissing);
        Assert.Equal("vp_token.my_credential", result.Failures[0].Where);
    }

    [Fact]
    public void A_presentation_under_an_id_the_query_does_not_have_fails()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var result = DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid()]), ("extra", [Pid()])));

        AssertFails(result, DcqlFailureCodes.UnexpectedCredential);
        Assert.Equal("extra", result.Failures[0].CredentialQueryId);
    }

    [Fact]
    public void Two_presentations_without_multiple_fail_and_are_not_accepted()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var result = DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid(), Pid()])));

        AssertFails(result, DcqlFailureCodes.MultipleNotAllowed, DcqlFailureCodes.CredentialMissing);
        Assert.Empty(result.AcceptedPresentations["my_credential"]);
    }

    [Fact]
    public void Two_presentations_with_multiple_are_valid()
    {
        var query = DcqlQuery.Parse("""{"credentials":[{"id":"pid","format":"dc+sd-jwt","multiple":true,"meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["given_name"]}]}]}""");
        var given = Pid("""{"given_name":"Arthur"}""", ["given_name"]);

        Assert.True(DcqlVpTokenCheck.Check(query, Token(("pid", [given, given]))).IsValid);
    }

    [Fact]
    public void An_empty_array_fails()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        AssertFails(DcqlVpTokenCheck.Check(query, Token(("my_credential", []))), DcqlFailureCodes.EmptyPresentations, DcqlFailureCodes.CredentialMissing);
    }

    [Fact]
    public void Another_vct_another_doctype_or_another_format_fails()
    {
        var sd = DcqlQuery.Parse(Example("simple.json"));
        var mdoc = DcqlQuery.Parse(Example("simple_mdoc.json"));
        var vehicle = """{"org.iso.7367.1":{"vehicle_holder":"A"},"org.iso.18013.5.1":{"given_name":"A"}}""";

        AssertFails(DcqlVpTokenCheck.Check(sd, Token(("my_credential", [SdJwtVc("https://other.example/pid", Person, PersonDisclosed)]))), DcqlFailureCodes.MetaMismatch, DcqlFailureCodes.CredentialMissing);
        AssertFails(DcqlVpTokenCheck.Check(mdoc, Token(("my_credential", [MdocOf("org.iso.18013.5.1.mDL", vehicle)]))), DcqlFailureCodes.MetaMismatch, DcqlFailureCodes.CredentialMissing);
        AssertFails(DcqlVpTokenCheck.Check(sd, Token(("my_credential", [MdocOf(IdentityVct, vehicle)]))), DcqlFailureCodes.FormatMismatch, DcqlFailureCodes.CredentialMissing);
        Assert.True(DcqlVpTokenCheck.Check(mdoc, Token(("my_credential", [MdocOf("org.iso.7367.1.mVRC", vehicle)]))).IsValid);
    }

    [Fact]
    public void A_presentation_without_holder_binding_fails_unless_waived()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));
        var waived = DcqlQuery.Parse("""{"credentials":[{"id":"my_credential","format":"dc+sd-jwt","require_cryptographic_holder_binding":false,"meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["given_name"]},{"path":["family_name"]},{"path":["address","street_address"]}]}]}""");
        var unbound = Pid(binding: DcqlHolderBinding.None);

        AssertFails(DcqlVpTokenCheck.Check(query, Token(("my_credential", [unbound]))), DcqlFailureCodes.HolderBindingMissing, DcqlFailureCodes.CredentialMissing);
        Assert.True(DcqlVpTokenCheck.Check(waived, Token(("my_credential", [unbound]))).IsValid);
    }

    [Fact]
    public void A_presentation_without_a_requested_claim_fails()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));

        var result = DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid("""{"given_name":"Arthur","family_name":"Dent"}""", ["given_name", "family_name"])])));

        AssertFails(result, DcqlFailureCodes.ClaimsNotSatisfied, DcqlFailureCodes.CredentialMissing);
        Assert.Equal("vp_token.my_credential[0]", result.Failures[0].Where);
    }

    [Fact]
    public void A_claim_set_other_than_the_first_is_accepted_but_no_set_at_all_is_not()
    {
        var query = DcqlQuery.Parse(Example("claims_alternatives.json"));

        var second = SdJwtVc(IdentityVct, """{"family_name":"D","postal_code":"1","date_of_birth":"1952"}""");
        var none = SdJwtVc(IdentityVct, """{"family_name":"D","date_of_birth":"1952"}""");

        Assert.True(DcqlVpTokenCheck.Check(query, Token(("pid", [second]))).IsValid);
        AssertFails(DcqlVpTokenCheck.Check(query, Token(("pid", [none]))), DcqlFailureCodes.ClaimsNotSatisfied, DcqlFailureCodes.CredentialMissing);
    }

    [Fact]
    public void A_disclosed_value_outside_values_fails()
    {
        var query = DcqlQuery.Parse(Example("value_matching_simple.json"));
        var json = """{"family_name":"Smith","given_name":"John","address":{"street_address":"1"},"postal_code":"90210"}""";

        var result = DcqlVpTokenCheck.Check(query, Token(("my_credential", [SdJwtVc(IdentityVct, json, ["family_name", "given_name", "address", "postal_code"])])));

        AssertFails(result, DcqlFailureCodes.ValueNotAllowed, DcqlFailureCodes.ClaimsNotSatisfied, DcqlFailureCodes.CredentialMissing);
        Assert.DoesNotContain(result.Failures, f => f.Message.Contains("Smith", StringComparison.Ordinal));
    }

    [Fact]
    public void Over_disclosure_of_a_claim_nobody_asked_for_fails()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));
        var json = """{"given_name":"Arthur","family_name":"Dent","address":{"street_address":"42 Market Street"},"birthdate":"1952-03-11"}""";

        var result = DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid(json, [.. PersonDisclosed, "birthdate"])])));

        AssertFails(result, DcqlFailureCodes.ClaimNotRequested, DcqlFailureCodes.CredentialMissing);
        Assert.Contains("birthdate", result.Failures[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1952", result.Failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_disclosure_of_a_sibling_inside_a_requested_object_fails_but_the_containing_disclosure_does_not()
    {
        var query = DcqlQuery.Parse(Example("simple.json"));
        var json = """{"given_name":"Arthur","family_name":"Dent","address":{"street_address":"42 Market Street","locality":"Milliways"}}""";

        var sibling = DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid(json, [.. PersonDisclosed, "address.locality"])])));

        AssertFails(sibling, DcqlFailureCodes.ClaimNotRequested, DcqlFailureCodes.CredentialMissing);
        Assert.True(DcqlVpTokenCheck.Check(query, Token(("my_credential", [Pid(json, ["given_name", "family_name", "address"])]))).IsValid);
    }

    [Fact]
    public void Over_disclosure_of_claims_of_an_unchosen_claim_set_fails()
    {
        var query = DcqlQuery.Parse(Example("claims_alternatives.json"));
        var json = """{"family_name":"D","postal_code":"1","date_of_birth":"1952","locality":"M"}""";

        AssertFails(DcqlVpTokenCheck.Check(query, Token(("pid", [SdJwtVc(IdentityVct, json)]))), DcqlFailureCodes.ClaimNotRequested, DcqlFailureCodes.CredentialMissing);
    }

    [Fact]
    public void Without_claims_any_selectively_disclosed_claim_is_over_disclosure()
    {
        var query = DcqlQuery.Parse("""{"credentials":[{"id":"mdl","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"}}]}""");

        AssertFails(DcqlVpTokenCheck.Check(query, Token(("mdl", [MdocOf("org.iso.18013.5.1.mDL", """{"org.iso.18013.5.1":{"portrait":"AAAA"}}""")]))), DcqlFailureCodes.ClaimNotRequested, DcqlFailureCodes.CredentialMissing);
        Assert.True(DcqlVpTokenCheck.Check(query, Token(("mdl", [MdocOf("org.iso.18013.5.1.mDL", "{}")]))).IsValid);
    }

    [Fact]
    public void Mdoc_over_disclosure_fails()
    {
        var query = DcqlQuery.Parse(Example("simple_mdoc.json"));
        var extra = """{"org.iso.7367.1":{"vehicle_holder":"A","registration_number":"X"},"org.iso.18013.5.1":{"given_name":"A"}}""";

        AssertFails(DcqlVpTokenCheck.Check(query, Token(("my_credential", [MdocOf("org.iso.7367.1.mVRC", extra)]))), DcqlFailureCodes.ClaimNotRequested, DcqlFailureCodes.CredentialMissing);
    }

    [Fact]
    public void A_claim_asked_for_by_another_credential_query_for_the_same_type_is_not_over_disclosure()
    {
        var query = DcqlQuery.Parse(Example("complex_mdoc.json"));
        var mdl = MdocOf("org.iso.18013.5.1.mDL", """{"org.iso.18013.5.1":{"given_name":"A","family_name":"D","portrait":"AAAA","resident_address":"x","resident_country":"GB"}}""");

        var result = DcqlVpTokenCheck.Check(query, Token(("mdl-id", [mdl]), ("mdl-address", [mdl])));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + " " + f.Message)));
    }

    [Fact]
    public void Required_credential_sets_must_be_satisfied_and_optional_ones_need_not()
    {
        var query = DcqlQuery.Parse(Example("credentials_alternatives.json"));
        var otherPid = SdJwtVc("https://othercredentials.example/pid", """{"given_name":"A","family_name":"D","address":{"street_address":"s"}}""", PersonDisclosed);
        var reduced1 = SdJwtVc("https://credentials.example.com/reduced_identity_credential", """{"family_name":"D","given_name":"A"}""");
        var rewards = SdJwtVc("https://company.example/company_rewards", """{"rewards_number":1}""");

        Assert.True(DcqlVpTokenCheck.Check(query, Token(("other_pid", [otherPid]))).IsValid);
        Assert.True(DcqlVpTokenCheck.Check(query, Token(("other_pid", [otherPid]), ("nice_to_have", [rewards]))).IsValid);

        var incomplete = DcqlVpTokenCheck.Check(query, Token(("pid_reduced_cred_1", [reduced1]), ("nice_to_have", [rewards])));
        AssertFails(incomplete, DcqlFailureCodes.CredentialSetNotSatisfied);
        Assert.Equal(0, incomplete.Failures[0].CredentialSetIndex);
        Assert.Equal("credential_sets[0]", incomplete.Failures[0].Where);
    }

    [Fact]
    public void A_failed_presentation_does_not_count_toward_a_credential_set()
    {
        var query = DcqlQuery.Parse(Example("credentials_alternatives.json"));
        var wrongType = SdJwtVc("https://evil.example/pid", """{"given_name":"A","family_name":"D","address":{"street_address":"s"}}""", PersonDisclosed);

        AssertFails(DcqlVpTokenCheck.Check(query, Token(("other_pid", [wrongType]))), DcqlFailureCodes.MetaMismatch, DcqlFailureCodes.CredentialSetNotSatisfied);
    }
}
