using System.Text.Json.Nodes;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// The warnings channel for SD-JWT VC: what the verifier's policy accepts but a caller may want to know, without changing
/// whether the result is valid. A legacy <c>typ</c> accepted by opt-in is reported; a current one is not.
/// </summary>
public sealed class SdJwtWarningTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static SessionVerifier Verifier(bool acceptLegacy) =>
        CreateVerifier(Now, KeyBindingPolicy.Forbidden, SdJwtVerificationProfile.SdJwtVc, configure: o => o with { AcceptLegacyVcSdJwtTyp = acceptLegacy });

    private static async Task<string> IssueAsync(string type)
    {
        using var issuer = IssuerSigner();
        var claims = new JsonObject { ["iss"] = "https://issuer.example.com", ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(), ["vct"] = "urn:example:vc", ["given_name"] = "Taro" };
        var builder = new SdJwtBuilder(claims).MakeDisclosable("given_name");
        builder.Type = type;
        return (await builder.BuildAsync(issuer)).Serialize();
    }

    [Fact]
    public async Task A_legacy_typ_accepted_by_opt_in_is_valid_and_reported()
    {
        var result = Verifier(acceptLegacy: true).Verify(await IssueAsync("vc+sd-jwt"));

        AssertValid(result);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(VerificationWarningCodes.LegacyType, warning.Code);
        Assert.Equal(0, warning.DocumentIndex);
        Assert.True(result.HasWarning(VerificationWarningCodes.LegacyType));
    }

    [Fact]
    public async Task The_current_typ_has_no_warning()
    {
        var result = Verifier(acceptLegacy: true).Verify(await IssueAsync("dc+sd-jwt"));

        AssertValid(result);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task A_refused_legacy_typ_is_a_failure_not_a_warning()
    {
        var result = Verifier(acceptLegacy: false).Verify(await IssueAsync("vc+sd-jwt"));

        AssertFails(result, SdJwtFailureCodes.TypeInvalid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_presentation_that_fails_to_decode_has_no_warnings()
    {
        var result = Verifier(acceptLegacy: true).Verify("not an sd-jwt");

        Assert.False(result.IsValid);
        Assert.Empty(result.Warnings);
    }
}
