using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// Key binding (RFC 9901 §4.3, §7.3) by the verifier's policy. The positive case is the RFC 9901 §5 example presentation
/// (tests/vectors/sdjwt/rfc9901-draft22/example-5-basic-with-kb.json); each negative twin re-binds it with one thing wrong.
/// </summary>
public sealed class KeyBindingTests
{
    private static readonly DateTimeOffset Now = At(1748537243);

    private static string Presentation => Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_presentation"]!.GetValue<string>();

    private static string WithoutKb => Presentation[..(Presentation.LastIndexOf('~') + 1)];

    [Fact]
    public void Example_5_presentation_verifies_with_key_binding_required()
    {
        AssertValid(CreateVerifier(Now).Verify(Presentation));
    }

    [Fact]
    public async Task Rebinding_with_the_holder_key_and_the_right_claims_verifies()
    {
        AssertValid(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now)));
    }

    [Fact]
    public void Key_binding_is_required_by_policy_even_when_no_kb_jwt_is_sent()
    {
        var required = CreateVerifier(Now, KeyBindingPolicy.Required).Verify(WithoutKb);
        AssertFails(required, SdJwtFailureCodes.KeyBindingMissing);
        Assert.Contains(required.Checks, c => c.Name == "key_binding" && c.Status == CheckStatus.Failed);

        AssertValid(CreateVerifier(Now, KeyBindingPolicy.Optional).Verify(WithoutKb));
        AssertValid(CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(WithoutKb));
    }

    [Fact]
    public async Task Optional_key_binding_still_checks_a_kb_jwt_that_is_sent()
    {
        var result = CreateVerifier(Now, KeyBindingPolicy.Optional).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, "another-nonce", Now));

        AssertFails(result, SdJwtFailureCodes.NonceMismatch);
    }

    [Fact]
    public void A_kb_jwt_verified_without_a_session_fails_as_unchecked()
    {
        var optional = CreateVerifier(Now, KeyBindingPolicy.Optional).Verifier;

        AssertFails(optional.Verify(Presentation), VerificationFailureCodes.KeyBindingSessionMissing);
        AssertValid(optional.Verify(WithoutKb));
    }

    [Fact]
    public async Task One_verifier_serves_many_exchanges_each_with_its_own_session()
    {
        var verifier = CreateVerifier(Now).Verifier;
        var first = new SdJwtSession(Rfc9901Audience, "nonce-first");
        var second = new SdJwtSession("https://second.example.org", "nonce-second");
        var forFirst = await KeyBindAsync(WithoutKb, first.Audience, first.Nonce, Now);
        var forSecond = await KeyBindAsync(WithoutKb, second.Audience, second.Nonce, Now);

        AssertValid(verifier.Verify(forFirst, first));
        AssertValid(verifier.Verify(forSecond, second));
        AssertFails(verifier.Verify(forFirst, second), SdJwtFailureCodes.NonceMismatch);
        AssertFails(verifier.Verify(forFirst, second), SdJwtFailureCodes.AudienceMismatch);
        AssertFails(verifier.Verify(forSecond, first with { Nonce = second.Nonce }), SdJwtFailureCodes.AudienceMismatch);
    }

    [Fact]
    public void The_session_time_is_the_verification_time()
    {
        var verifier = CreateVerifier(Now);

        AssertValid(verifier.Verifier.Verify(Presentation, new SdJwtSession(Rfc9901Audience, Nonce, Now)));
        AssertFails(verifier.Verifier.Verify(Presentation, new SdJwtSession(Rfc9901Audience, Nonce, Now.AddHours(1))), SdJwtFailureCodes.KeyBindingIatOutsideWindow);
    }

    [Fact]
    public void Forbidden_key_binding_rejects_a_presentation_with_a_kb_jwt()
    {
        AssertFails(CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(Presentation), SdJwtFailureCodes.KeyBindingUnexpected);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("KB+JWT")]
    [InlineData("example+sd-jwt")]
    public async Task Kb_jwt_with_another_typ_is_rejected(string type)
    {
        AssertFails(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now, type)), SdJwtFailureCodes.KeyBindingTypeInvalid);
    }

    [Fact]
    public async Task Kb_jwt_for_another_audience_is_rejected()
    {
        var result = CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, "https://other-verifier.example", Nonce, Now));

        AssertFails(result, SdJwtFailureCodes.AudienceMismatch);
        Assert.DoesNotContain(result.Failures, f => f.Message.Contains("other-verifier", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kb_jwt_with_another_nonce_is_rejected()
    {
        AssertFails(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, "0987654321", Now)), SdJwtFailureCodes.NonceMismatch);
    }

    [Fact]
    public void Kb_jwt_made_for_another_presentation_is_rejected()
    {
        // Drop one Disclosure: the KB-JWT's sd_hash still covers the original presentation.
        var parts = Presentation.Split('~').ToList();
        parts.RemoveAt(1);

        AssertFails(CreateVerifier(Now).Verify(string.Join('~', parts)), SdJwtFailureCodes.SdHashMismatch);
    }

    [Fact]
    public async Task Kb_jwt_whose_sd_hash_omits_the_trailing_tilde_is_rejected()
    {
        var sdHash = SdHashAlgorithm.Sha256.ComputeDigest(WithoutKb.TrimEnd('~'));

        AssertFails(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now, sdHash: sdHash)), SdJwtFailureCodes.SdHashMismatch);
    }

    [Fact]
    public async Task Kb_jwt_whose_sd_hash_covers_only_the_issuer_jwt_is_rejected()
    {
        var sdHash = SdHashAlgorithm.Sha256.ComputeDigest(WithoutKb.Split('~')[0]);

        AssertFails(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now, sdHash: sdHash)), SdJwtFailureCodes.SdHashMismatch);
    }

    [Fact]
    public async Task Kb_jwt_signed_by_another_key_is_rejected()
    {
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        AssertFails(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now, signer: other)), SdJwtFailureCodes.KeyBindingSignatureInvalid);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(-3600)]
    [InlineData(1)]
    [InlineData(3600)]
    public async Task Kb_jwt_issued_outside_the_iat_window_is_rejected(int offsetSeconds)
    {
        var presentation = await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now.AddSeconds(offsetSeconds));

        AssertFails(CreateVerifier(Now).Verify(presentation), SdJwtFailureCodes.KeyBindingIatOutsideWindow);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(0)]
    public async Task Kb_jwt_issued_inside_the_iat_window_verifies(int offsetSeconds)
    {
        AssertValid(CreateVerifier(Now).Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now.AddSeconds(offsetSeconds))));
    }

    [Fact]
    public async Task Clock_skew_widens_the_iat_window_on_both_sides()
    {
        var verifier = CreateVerifier(Now, configure: o => o with { ClockSkew = TimeSpan.FromSeconds(30) });

        AssertValid(verifier.Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now.AddSeconds(20))));
        AssertValid(verifier.Verify(await KeyBindAsync(WithoutKb, Rfc9901Audience, Nonce, Now.AddSeconds(-320))));
    }

    [Fact]
    public async Task Kb_jwt_with_aud_as_an_array_is_rejected_at_decode()
    {
        using var holder = HolderSigner();
        var payload = new JsonObject
        {
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["aud"] = new JsonArray(Rfc9901Audience),
            ["nonce"] = Nonce,
            ["sd_hash"] = SdHashAlgorithm.Sha256.ComputeDigest(WithoutKb),
        };
        var kb = await Honnin.Jose.CompactJws.CreateAsync(new JsonObject { ["typ"] = "kb+jwt" }, payload, holder);

        AssertFails(CreateVerifier(Now).Verify(WithoutKb + kb.Text), SdJwtFailureCodes.KeyBindingMalformed);
    }

    [Fact]
    public void Kb_jwt_with_alg_none_is_rejected_at_decode()
    {
        var header = Honnin.Jose.Base64UrlEncoding.Encode("{\"alg\":\"none\",\"typ\":\"kb+jwt\"}"u8);
        var kb = Presentation[(Presentation.LastIndexOf('~') + 1)..].Split('.');

        AssertFails(CreateVerifier(Now).Verify(WithoutKb + header + "." + kb[1] + "."), Honnin.Jose.JoseFailureCodes.Malformed);
        AssertFails(CreateVerifier(Now).Verify(WithoutKb + header + "." + kb[1] + ".c2ln"), Honnin.Jose.JoseFailureCodes.UnsupportedAlgorithm);
    }

    [Fact]
    public async Task Key_binding_fails_when_the_credential_has_no_cnf()
    {
        var (disclosure, digest) = Property("given_name", "John");
        var sdJwt = await ForgeAsync(new JsonObject { ["iss"] = "https://issuer.example.com", ["_sd"] = new JsonArray(digest) }, [disclosure]);

        AssertFails(CreateVerifier(Now).Verify(await KeyBindAsync(sdJwt, Rfc9901Audience, Nonce, Now)), SdJwtFailureCodes.ConfirmationKeyInvalid);
    }

    [Fact]
    public async Task Key_binding_uses_the_cnf_key_never_a_key_in_the_kb_jwt_header()
    {
        using var attacker = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var jwk = Honnin.Jose.JsonWebKey.FromCoseKey(attacker.PublicKey).ToJsonObject();
        var payload = new JsonObject
        {
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["aud"] = Rfc9901Audience,
            ["nonce"] = Nonce,
            ["sd_hash"] = SdHashAlgorithm.Sha256.ComputeDigest(WithoutKb),
        };
        var kb = await Honnin.Jose.CompactJws.CreateAsync(new JsonObject { ["typ"] = "kb+jwt", ["jwk"] = jwk }, payload, attacker);

        AssertFails(CreateVerifier(Now).Verify(WithoutKb + kb.Text), SdJwtFailureCodes.KeyBindingSignatureInvalid);
    }

    [Fact]
    public async Task Ed25519_holder_key_binds_a_presentation_of_an_es256_credential()
    {
        using var holder = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        using var issuer = IssuerSigner();
        var claims = new JsonObject { ["iss"] = "https://issuer.example.com", ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(), ["vct"] = "urn:example:vc", ["given_name"] = "Taro" };
        var credential = await new SdJwtBuilder(claims).MakeDisclosable("given_name").WithHolderKey(Honnin.Jose.JsonWebKey.FromCoseKey(holder.PublicKey)).BuildAsync(issuer);

        var presentation = await credential.PresentAsync([ClaimPath.Parse("given_name")], Rfc9901Audience, Nonce, Now, holder);
        var result = CreateVerifier(Now, profile: SdJwtVerificationProfile.SdJwtVc).Verify(presentation.Serialize());

        AssertValid(result);
        Assert.Equal("OKP", Assert.Single(result.Documents).Claims!["cnf"]!["jwk"]!["kty"]!.GetValue<string>());
        AssertFails(CreateVerifier(Now, profile: SdJwtVerificationProfile.SdJwtVc, configure: o => o with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256 } }).Verify(presentation.Serialize()), VerificationFailureCodes.AlgorithmNotAllowed);
    }
}
