using Honnin.Dcql;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.Dcql;

/// <summary>
/// DCQL over a real SD-JWT VC (RFC 9901 Appendix A.3, tests/vectors/sdjwt/rfc9901-draft22/example-A3-sd-jwt-vc.json):
/// the wallet matches its fully disclosed credential, presents only the Disclosures for the chosen claims, and the
/// verifier's check of what the processed presentation revealed passes; sending every Disclosure is over-disclosure.
/// </summary>
public sealed class DcqlSdJwtEndToEndTests
{
    private const string Query = """
        {"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["urn:eudi:pid:de:1"]},
          "claims":[{"id":"over18","path":["age_equal_or_over","18"],"values":[true]},{"id":"birthdate","path":["birthdate"]},{"id":"locality","path":["address","locality"]}],
          "claim_sets":[["over18","locality"],["birthdate","locality"]]}]}
        """;

    private static SelectiveDisclosureJwt A3 => SelectiveDisclosureJwt.Parse(Json("sdjwt/rfc9901-draft22/example-A3-sd-jwt-vc.json")["sd_jwt_issuance"]!.GetValue<string>());

    private static Dictionary<string, IReadOnlyList<IDcqlCredential>> Answer(SelectiveDisclosureJwt presentation) => new()
    {
        ["pid"] = [DcqlCredential.ForSdJwtVc(SelectiveDisclosureJwt.Parse(presentation.Serialize()).Process(), DcqlHolderBinding.Cryptographic)],
    };

    [Fact]
    public void The_wallet_presents_the_first_claim_set_and_the_verifier_accepts_exactly_that()
    {
        var query = DcqlQuery.Parse(Query);
        var held = DcqlCredential.ForSdJwtVc(A3.Process(), DcqlHolderBinding.Cryptographic);

        var candidate = Assert.Single(query.Match([held]).Credentials[0].Candidates);
        Assert.Equal(0, candidate.ClaimSetIndex);
        var presentation = A3.SelectDisclosures(candidate.Claims.Select(c => c.Path));
        var result = DcqlVpTokenCheck.Check(query, Answer(presentation));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + " " + f.Message)));
    }

    [Fact]
    public void Sending_every_disclosure_is_over_disclosure()
    {
        var result = DcqlVpTokenCheck.Check(DcqlQuery.Parse(Query), Answer(A3));

        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == DcqlFailureCodes.ClaimNotRequested && f.Message.Contains("family_name", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures, f => f.Message.Contains("Mustermann", StringComparison.Ordinal));
    }

    [Fact]
    public void A_presentation_without_the_requested_disclosures_fails()
    {
        var presentation = A3.SelectDisclosures([ClaimPath.Parse("address.locality")]);

        var result = DcqlVpTokenCheck.Check(DcqlQuery.Parse(Query), Answer(presentation));

        Assert.Contains(result.Failures, f => f.Code == DcqlFailureCodes.ClaimsNotSatisfied);
    }
}
