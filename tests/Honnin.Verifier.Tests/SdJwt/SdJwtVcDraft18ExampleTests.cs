using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// Known answers from draft-ietf-oauth-sd-jwt-vc-18 (tests/vectors/sdjwt/sd-jwt-vc-draft18): §2.3.1 issuance, the two §2.3.2
/// presentations and the Appendix A.1 PID, each verifying to its printed processed payload under the SD-JWT VC profile.
/// </summary>
public sealed class SdJwtVcDraft18ExampleTests
{
    private const string File = "sdjwt/sd-jwt-vc-draft18/sd-jwt-vc-draft18-examples.json";

    /// <summary>The draft's KB-JWT iat (2026-08-03T19:24:13Z).</summary>
    private static readonly DateTimeOffset KbTime = At(1785785053);

    [Theory]
    [InlineData("2.3.1 issuance", KeyBindingPolicy.Forbidden)]
    [InlineData("2.3.2 presentation 1 (SD-JWT+KB)", KeyBindingPolicy.Required)]
    [InlineData("2.3.2 presentation 2 (SD-JWT without KB, different SD-JWT)", KeyBindingPolicy.Forbidden)]
    [InlineData("A.1 PID example block 1", KeyBindingPolicy.Forbidden)]
    [InlineData("A.1 PID example block 2", KeyBindingPolicy.Required)]
    public void Example_verifies_to_the_printed_processed_payload(string name, KeyBindingPolicy keyBinding)
    {
        var vector = Json(File)[name]!;
        var result = CreateVerifier(KbTime, keyBinding, SdJwtVerificationProfile.SdJwtVc, PythonAudience).Verify(vector["compact"]!.GetValue<string>());

        AssertValid(result);
        AssertClaims(vector["processed_payload"], result);
        Assert.Equal(vector["processed_payload"]!["vct"]!.GetValue<string>(), Assert.Single(result.Documents).DocType);
    }

    [Fact]
    public void Presentation_1_is_rejected_when_the_verifier_forbids_key_binding()
    {
        var vector = Json(File)["2.3.2 presentation 1 (SD-JWT+KB)"]!;
        var result = CreateVerifier(KbTime, KeyBindingPolicy.Forbidden, SdJwtVerificationProfile.SdJwtVc).Verify(vector["compact"]!.GetValue<string>());

        AssertFails(result, SdJwtFailureCodes.KeyBindingUnexpected);
    }

    [Fact]
    public void Presentation_2_fails_when_key_binding_is_required_because_it_carries_no_kb_jwt()
    {
        var vector = Json(File)["2.3.2 presentation 2 (SD-JWT without KB, different SD-JWT)"]!;
        var result = CreateVerifier(KbTime, KeyBindingPolicy.Required, SdJwtVerificationProfile.SdJwtVc, PythonAudience).Verify(vector["compact"]!.GetValue<string>());

        AssertFails(result, SdJwtFailureCodes.KeyBindingMissing);
    }

    [Fact]
    public void Presentation_1_kb_jwt_is_bound_to_the_printed_sd_hash()
    {
        var vector = Json(File)["2.3.2 presentation 1 (SD-JWT+KB)"]!;
        var sdJwt = SelectiveDisclosureJwt.Parse(vector["compact"]!.GetValue<string>());

        Assert.Equal(vector["expected_sd_hash"]!.GetValue<string>(), sdJwt.ComputeSdHash(SdHashAlgorithm.Sha256));
        Assert.Equal("doc-signer-05-25-2022", sdJwt.IssuerSigned.KeyId);
    }
}
