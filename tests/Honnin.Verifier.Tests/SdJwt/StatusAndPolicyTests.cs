using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.SdJwt;
using Honnin.StatusLists;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>The <c>status</c> claim, required claims, and the verifier's options validation.</summary>
public sealed class StatusAndPolicyTests
{
    private static readonly DateTimeOffset Now = At(1683000000 + 1);

    [Fact]
    public void Token_status_list_referenced_sd_jwt_verifies_and_its_status_claim_is_parsed()
    {
        // draft-ietf-oauth-status-list (tests/vectors/sdjwt/token-status-list): an SD-JWT with status.status_list {idx 0, uri}.
        var vector = Json("sdjwt/token-status-list/token-status-list-vectors.json")["referenced token (SD-JWT with status claim)"]!;
        var result = CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(vector["sd_jwt"]!.GetValue<string>());

        // The synchronous Verify does not fetch the list: it says so, and the credential is otherwise valid.
        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.All(result.Checks.Where(c => c.Name != "status_list"), c => Assert.Equal(CheckStatus.Passed, c.Status));
        Assert.Equal(CheckStatus.NotRun, Assert.Single(result.Checks, c => c.Name == "status_list").Status);
        Assert.True(result.HasWarning(Honnin.Verifier.Status.StatusCheckCodes.NotChecked));
        AssertClaims(vector["processed_payload"], result);
        var document = Assert.Single(result.Documents);
        Assert.Equal(new StatusListReference(0, "https://example.com/statuslists/1"), SdJwtStatusClaim.Read(document.Claims!));
        Assert.Equal(new StatusListReference(0, "https://example.com/statuslists/1"), document.Status);
    }

    [Theory]
    [InlineData("\"revoked\"")]
    [InlineData("{\"status_list\": \"x\"}")]
    [InlineData("{\"status_list\": {\"idx\": -1, \"uri\": \"https://example.com/statuslists/1\"}}")]
    [InlineData("{\"status_list\": {\"idx\": 1.5, \"uri\": \"https://example.com/statuslists/1\"}}")]
    [InlineData("{\"status_list\": {\"idx\": 0}}")]
    [InlineData("{\"status_list\": {\"idx\": 0, \"uri\": 7}}")]
    public async Task Malformed_status_claim_is_rejected(string status)
    {
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = 1683000000, ["status"] = JsonNode.Parse(status) }, []);

        AssertFails(CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(presentation), SdJwtFailureCodes.StatusMalformed);
    }

    [Fact]
    public async Task Status_with_another_mechanism_is_ignored()
    {
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = 1683000000, ["status"] = new JsonObject { ["other_mechanism"] = new JsonObject() } }, []);

        AssertValid(CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(presentation));
    }

    [Fact]
    public void Required_claims_must_be_disclosed()
    {
        var presentation = Json("sdjwt/rfc9901-draft22/example-A1-simple-structured-decoys.json")["sd_jwt_presentation"]!.GetValue<string>();

        AssertValid(CreateVerifier(Now, KeyBindingPolicy.Forbidden, configure: o => o with { RequiredClaims = [ClaimPath.Parse("address.region")] }).Verify(presentation));
        var result = CreateVerifier(Now, KeyBindingPolicy.Forbidden, configure: o => o with { RequiredClaims = [ClaimPath.Parse("address.locality"), ClaimPath.Parse("given_name")] }).Verify(presentation);
        AssertFails(result, VerificationFailureCodes.ElementMissing);
        Assert.Equal(2, result.Failures.Count);
    }

    [Fact]
    public async Task Required_array_elements_are_found_by_index()
    {
        // Found by the structural fuzzer: an indexed required claim threw InvalidOperationException ("The node already has a parent").
        var presentation = await ForgeAsync(new JsonObject { ["iat"] = 1683000000, ["nationalities"] = new JsonArray("DE", "US") }, []);
        SessionVerifier Requiring(string path) => CreateVerifier(Now, KeyBindingPolicy.Forbidden, configure: o => o with { RequiredClaims = [ClaimPath.Parse(path)] });

        AssertValid(Requiring("nationalities[1]").Verify(presentation));
        AssertValid(Requiring("nationalities[*]").Verify(presentation));
        AssertFails(Requiring("nationalities[2]").Verify(presentation), VerificationFailureCodes.ElementMissing);
    }

    [Fact]
    public void Every_core_check_runs_in_a_fixed_order()
    {
        var presentation = Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_presentation"]!.GetValue<string>();
        var result = CreateVerifier(At(1748537243)).Verify(presentation);

        Assert.Equal(["decode", "typ", "issuer_signature", "issuer_trust", "sd_alg", "disclosures", "claims", "validity", "key_binding", "status", "pseudonym_domain"], result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void Undecodable_input_is_a_failed_result_not_an_exception()
    {
        foreach (var input in new[] { string.Empty, "~", "a.b.c~", "{", "{\"payload\": 1}", new string('~', 5000), "eyJhbGciOiJFUzI1NiJ9~" })
        {
            var result = CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(input);
            Assert.False(result.IsValid);
            Assert.NotEmpty(result.Failures);
        }
    }

    [Fact]
    public void Options_need_exactly_one_trust_source()
    {
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(new SdJwtVcVerifierOptions { KeyBinding = KeyBindingPolicy.Forbidden }));
        using var anchors = Honnin.X509.TrustAnchorSet.FromDer(Honnin.Tests.Vectors.AnnexD("IACA_certificate"));
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey], TrustAnchors = anchors, KeyBinding = KeyBindingPolicy.Forbidden }));
    }

    [Theory]
    [InlineData("", "n")]
    [InlineData("aud", "")]
    [InlineData(null, "n")]
    [InlineData("aud", null)]
    public void A_session_needs_an_audience_and_a_nonce(string? audience, string? nonce)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SdJwtSession(audience!, nonce!));
    }

    [Fact]
    public void A_verifier_that_requires_key_binding_refuses_a_call_without_a_session()
    {
        var verifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey] });

        var error = Assert.Throws<InvalidOperationException>(() => verifier.Verify("a~b~"));
        Assert.Contains("SdJwtSession", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_reject_mac_algorithms_unknown_hashes_and_out_of_range_windows()
    {
        var baseline = new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey], KeyBinding = KeyBindingPolicy.Forbidden };
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(baseline with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.HMAC256 } }));
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(baseline with { AllowedAlgorithms = new HashSet<CoseAlgorithm>() }));
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(baseline with { AllowedHashAlgorithms = new HashSet<string> { "sha-256-32" } }));
        Assert.Throws<ArgumentException>(() => new SdJwtVcVerifier(baseline with { AllowedHashAlgorithms = new HashSet<string> { "SHA-256" } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SdJwtVcVerifier(baseline with { ClockSkew = TimeSpan.FromHours(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SdJwtVcVerifier(baseline with { IatWindow = TimeSpan.Zero }));
        _ = new SdJwtVcVerifier(baseline);
    }
}
