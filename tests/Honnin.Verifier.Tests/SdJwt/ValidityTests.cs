using System.Text.Json.Nodes;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// <c>iat</c>, <c>nbf</c> and <c>exp</c> are checked on the processed payload (RFC 9901 §7.1 step 6). The RFC 9901 §5
/// example (iat 2023-05-02, exp 2029-09-01) is the positive case at its boundaries.
/// </summary>
public sealed class ValidityTests
{
    private const long Iat = 1683000000;
    private const long Exp = 1883000000;

    private static string Example5Issued => Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_issuance"]!.GetValue<string>();

    [Theory]
    [InlineData(Iat)]
    [InlineData(Exp - 1)]
    public void Example_5_verifies_inside_its_validity(long at)
    {
        AssertValid(CreateVerifier(At(at), KeyBindingPolicy.Forbidden).Verify(Example5Issued));
    }

    [Theory]
    [InlineData(Exp)]
    [InlineData(Exp + 86400)]
    public void Example_5_is_expired_at_and_after_exp(long at)
    {
        AssertFails(CreateVerifier(At(at), KeyBindingPolicy.Forbidden).Verify(Example5Issued), SdJwtFailureCodes.Expired);
    }

    [Fact]
    public void Example_5_is_issued_in_the_future_before_iat()
    {
        AssertFails(CreateVerifier(At(Iat - 1), KeyBindingPolicy.Forbidden).Verify(Example5Issued), SdJwtFailureCodes.IssuedInFuture);
    }

    [Fact]
    public void Clock_skew_applies_to_exp_and_iat()
    {
        var skew = TimeSpan.FromMinutes(2);
        AssertValid(CreateVerifier(At(Exp + 60), KeyBindingPolicy.Forbidden, configure: o => o with { ClockSkew = skew }).Verify(Example5Issued));
        AssertValid(CreateVerifier(At(Iat - 60), KeyBindingPolicy.Forbidden, configure: o => o with { ClockSkew = skew }).Verify(Example5Issued));
    }

    [Fact]
    public async Task Nbf_in_the_future_is_not_yet_valid()
    {
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = Iat, ["nbf"] = Iat + 3600 }, []);

        AssertFails(CreateVerifier(At(Iat + 60), KeyBindingPolicy.Forbidden).Verify(presentation), SdJwtFailureCodes.NotYetValid);
        AssertValid(CreateVerifier(At(Iat + 3600), KeyBindingPolicy.Forbidden).Verify(presentation));
    }

    [Fact]
    public async Task Exp_hidden_in_a_disclosure_is_checked_after_processing()
    {
        // An issuer made exp disclosable (RFC 9901 allows it; SD-JWT VC does not): the processed payload is what counts.
        var (disclosure, digest) = Property("exp", Iat + 60);
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = Iat, ["_sd"] = new JsonArray(digest) }, [disclosure]);

        AssertFails(CreateVerifier(At(Iat + 120), KeyBindingPolicy.Forbidden).Verify(presentation), SdJwtFailureCodes.Expired);
    }

    [Theory]
    [InlineData("\"1683000000\"")]
    [InlineData("-1")]
    [InlineData("true")]
    [InlineData("{}")]
    public async Task Validity_claim_that_is_not_a_numeric_date_is_rejected(string exp)
    {
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = Iat, ["exp"] = JsonNode.Parse(exp) }, []);

        AssertFails(CreateVerifier(At(Iat + 1), KeyBindingPolicy.Forbidden).Verify(presentation), SdJwtFailureCodes.ValidityClaimMalformed);
    }

    [Fact]
    public async Task Fractional_numeric_dates_are_accepted()
    {
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = 1683000000.5, ["exp"] = 1883000000.25 }, []);

        AssertValid(CreateVerifier(At(Iat + 1), KeyBindingPolicy.Forbidden).Verify(presentation));
    }

    [Fact]
    public async Task Missing_exp_is_rejected_only_when_the_verifier_requires_it()
    {
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = Iat }, []);

        AssertValid(CreateVerifier(At(Iat + 1), KeyBindingPolicy.Forbidden).Verify(presentation));
        AssertFails(CreateVerifier(At(Iat + 1), KeyBindingPolicy.Forbidden, configure: o => o with { RequireExpiration = true }).Verify(presentation), SdJwtFailureCodes.ExpirationMissing);
    }
}
