using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Verifier.Tests.SdJwt.SdJwtTestKit;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>The Issuer-signed JWT: typing, algorithms, <c>_sd_alg</c>, configured issuer keys and <c>x5c</c> chains to an IACA.</summary>
public sealed class IssuerTrustTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static JsonObject VcClaims => new()
    {
        ["iss"] = "https://issuer.example.com",
        ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(),
        ["exp"] = Now.AddDays(365).ToUnixTimeSeconds(),
        ["vct"] = "urn:honnin:jp:enrollment-certificate:1",
        ["given_name"] = "Taro",
        ["family_name"] = "Yamada",
    };

    private static SessionVerifier VcVerifier(Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null) =>
        CreateVerifier(Now, KeyBindingPolicy.Forbidden, SdJwtVerificationProfile.SdJwtVc, configure: configure);

    private static async Task<string> IssueAsync(Action<SdJwtBuilder>? configure = null, ISigner? signer = null)
    {
        using var issuer = IssuerSigner();
        var builder = new SdJwtBuilder(VcClaims).MakeDisclosable("given_name").MakeDisclosable("family_name");
        configure?.Invoke(builder);
        return (await builder.BuildAsync(signer ?? issuer)).Serialize();
    }

    [Fact]
    public async Task Sd_jwt_vc_issued_by_honnin_verifies()
    {
        var result = VcVerifier().Verify(await IssueAsync());

        AssertValid(result);
        Assert.Equal("urn:honnin:jp:enrollment-certificate:1", Assert.Single(result.Documents).DocType);
    }

    [Fact]
    public async Task Legacy_vc_sd_jwt_typ_is_rejected_unless_the_verifier_opts_in()
    {
        var legacy = await IssueAsync(b => b.Type = "vc+sd-jwt");

        AssertFails(VcVerifier().Verify(legacy), SdJwtFailureCodes.TypeInvalid);
        AssertValid(VcVerifier(o => o with { AcceptLegacyVcSdJwtTyp = true }).Verify(legacy));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("jwt")]
    [InlineData("DC+SD-JWT")]
    [InlineData("kb+jwt")]
    public async Task Issuer_jwt_with_another_typ_is_rejected(string? type)
    {
        AssertFails(VcVerifier().Verify(await IssueAsync(b => b.Type = type)), SdJwtFailureCodes.TypeInvalid);
    }

    [Fact]
    public async Task Kb_jwt_typ_is_rejected_as_an_issuer_jwt_even_under_the_rfc_9901_profile()
    {
        var presentation = await ForgeAsync(new JsonObject { ["iss"] = "https://issuer.example.com" }, [], "kb+jwt");

        AssertFails(CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(presentation), SdJwtFailureCodes.TypeInvalid);
    }

    [Fact]
    public async Task Signature_by_an_unconfigured_key_is_rejected()
    {
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        AssertFails(VcVerifier().Verify(await IssueAsync(signer: other)), VerificationFailureCodes.IssuerSignatureInvalid);
    }

    [Fact]
    public async Task Issuer_key_of_another_curve_is_unknown()
    {
        using var other = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);

        AssertFails(VcVerifier().Verify(await IssueAsync(signer: other)), SdJwtFailureCodes.IssuerKeyUnknown);
    }

    [Fact]
    public async Task Issuer_key_ids_must_match_when_both_are_present()
    {
        var presentation = await IssueAsync(b => b.WithHeader("kid", "key-2"));
        var keyed = JsonWebKey.FromCoseKey(IssuerKey.Key, "key-1");

        AssertFails(VcVerifier(o => o with { IssuerKeys = [keyed] }).Verify(presentation), SdJwtFailureCodes.IssuerKeyUnknown);
        AssertValid(VcVerifier(o => o with { IssuerKeys = [JsonWebKey.FromCoseKey(IssuerKey.Key, "key-2")] }).Verify(presentation));
    }

    [Theory]
    [InlineData(CoseAlgorithm.ES384)]
    [InlineData(CoseAlgorithm.ES512)]
    [InlineData(CoseAlgorithm.EdDSA)]
    public async Task Other_supported_algorithms_verify(CoseAlgorithm algorithm)
    {
        using var issuer = SoftwareSigner.Generate(algorithm);
        var presentation = await IssueAsync(signer: issuer);

        AssertValid(VcVerifier(o => o with { IssuerKeys = [JsonWebKey.FromCoseKey(issuer.PublicKey)] }).Verify(presentation));
    }

    [Fact]
    public async Task A_verifier_keeps_its_issuer_keys_loaded_and_still_refuses_a_foreign_signature_under_concurrency()
    {
        var genuine = await IssueAsync();
        using var foreignSigner = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var foreign = await IssueAsync(signer: foreignSigner);
        var verifier = VcVerifier();

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => (i, verifier.Verify(i % 2 == 0 ? genuine : foreign)))));

        foreach (var (i, result) in results)
        {
            if (i % 2 == 0)
            {
                AssertValid(result);
            }
            else
            {
                AssertFails(result, VerificationFailureCodes.IssuerSignatureInvalid);
            }
        }
    }

    [Fact]
    public async Task Algorithm_outside_the_allowed_set_is_rejected()
    {
        var presentation = await IssueAsync();

        AssertFails(VcVerifier(o => o with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.EdDSA } }).Verify(presentation), VerificationFailureCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("ES256K")]
    [InlineData("es256")]
    public async Task Unsupported_issuer_alg_is_rejected_at_decode(string alg)
    {
        var presentation = await IssueAsync();
        var jwt = presentation.Split('~')[0].Split('.');
        var header = Base64UrlEncoding.Encode(System.Text.Encoding.UTF8.GetBytes("{\"alg\":\"" + alg + "\",\"typ\":\"dc+sd-jwt\"}"));
        var forged = header + "." + jwt[1] + "." + jwt[2] + presentation[presentation.IndexOf('~', StringComparison.Ordinal)..];

        AssertFails(VcVerifier().Verify(forged), JoseFailureCodes.UnsupportedAlgorithm);
    }

    [Fact]
    public async Task Hmac_keyed_with_the_issuer_public_key_is_never_accepted()
    {
        // The classic key-confusion forgery: HS256 with the public key's bytes as the secret.
        var presentation = await IssueAsync();
        var jwt = presentation.Split('~')[0].Split('.');
        var header = Base64UrlEncoding.Encode("{\"alg\":\"HS256\",\"typ\":\"dc+sd-jwt\"}"u8);
        var mac = HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(IssuerKey.ToJson()), System.Text.Encoding.ASCII.GetBytes(header + "." + jwt[1]));
        var forged = header + "." + jwt[1] + "." + Base64UrlEncoding.Encode(mac) + presentation[presentation.IndexOf('~', StringComparison.Ordinal)..];

        Assert.False(VcVerifier().Verify(forged).IsValid);
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("sha-256-32")]
    [InlineData("sha256")]
    [InlineData("md5")]
    public async Task Sd_alg_that_is_not_exactly_an_accepted_name_is_rejected(string sdAlg)
    {
        var presentation = await ForgeAsync(new JsonObject { ["iss"] = "https://issuer.example.com", ["_sd_alg"] = sdAlg }, []);

        AssertFails(CreateVerifier(Now, KeyBindingPolicy.Forbidden).Verify(presentation), SdJwtFailureCodes.HashAlgorithmNotAccepted);
    }

    [Fact]
    public async Task Sha_512_digests_verify_only_when_the_verifier_accepts_them()
    {
        var presentation = await IssueAsync(b => b.HashAlgorithm = SdHashAlgorithm.Sha512);

        AssertFails(VcVerifier().Verify(presentation), SdJwtFailureCodes.HashAlgorithmNotAccepted);
        AssertValid(VcVerifier(o => o with { AllowedHashAlgorithms = new HashSet<string> { "sha-256", "sha-512" } }).Verify(presentation));
    }

    [Fact]
    public async Task Expected_issuer_is_enforced()
    {
        var presentation = await IssueAsync();

        AssertValid(VcVerifier(o => o with { ExpectedIssuer = "https://issuer.example.com" }).Verify(presentation));
        AssertFails(VcVerifier(o => o with { ExpectedIssuer = "https://other.example.com" }).Verify(presentation), SdJwtFailureCodes.IssuerInvalid);
    }

    [Fact]
    public async Task Accepted_vcts_are_enforced()
    {
        var presentation = await IssueAsync();

        AssertFails(VcVerifier(o => o with { AcceptedVcts = ["urn:honnin:jp:withholding-slip:1"] }).Verify(presentation), SdJwtFailureCodes.VctNotAccepted);
        AssertValid(VcVerifier(o => o with { AcceptedVcts = ["urn:honnin:jp:enrollment-certificate:1"] }).Verify(presentation));
    }

    [Theory]
    [InlineData("vct")]
    [InlineData("iss")]
    [InlineData("exp")]
    [InlineData("status")]
    public async Task Sd_jwt_vc_claim_that_must_stay_plain_is_rejected_when_it_comes_from_a_disclosure(string name)
    {
        var claims = VcClaims;
        claims["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = 0, ["uri"] = "https://example.com/statuslists/1" } };
        var value = claims[name]!.DeepClone();
        claims.Remove(name);
        var (disclosure, digest) = Property(name, value);
        claims["_sd"] = new JsonArray(digest);
        if (name == "vct")
        {
            claims["vct_hint"] = "x";
        }

        var presentation = await ForgeAsync(claims, [disclosure], "dc+sd-jwt");

        AssertFails(VcVerifier().Verify(presentation), SdJwtFailureCodes.ClaimMustNotBeDisclosable);
    }

    [Fact]
    public async Task Sd_jwt_vc_without_vct_is_rejected()
    {
        var claims = VcClaims;
        claims.Remove("vct");

        AssertFails(VcVerifier().Verify(await ForgeAsync(claims, [], "dc+sd-jwt")), SdJwtFailureCodes.VctMissing);
    }

    [Fact]
    public async Task X5c_chain_to_a_configured_iaca_is_trusted()
    {
        using var pki = X5cPki.Create();
        var presentation = await pki.IssueAsync(VcClaims);

        var result = X5cPki.Verifier(pki.Anchors).Verify(presentation);

        AssertValid(result);
        Assert.Contains(result.Checks, c => c.Name == "issuer_trust" && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task X5c_chain_to_another_iaca_is_untrusted()
    {
        using var pki = X5cPki.Create();
        using var other = X5cPki.Create();
        var presentation = await pki.IssueAsync(VcClaims);

        AssertFails(X5cPki.Verifier(other.Anchors).Verify(presentation), CertificateProblemCodes.UntrustedIssuer);
    }

    [Fact]
    public async Task Trust_anchors_need_an_x5c_header()
    {
        using var pki = X5cPki.Create();

        AssertFails(X5cPki.Verifier(pki.Anchors).Verify(await IssueAsync()), VerificationFailureCodes.IssuerCertificateMissing);
    }

    [Fact]
    public async Task X5c_leaf_that_did_not_sign_the_jwt_is_rejected()
    {
        using var pki = X5cPki.Create();
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var presentation = await pki.IssueAsync(VcClaims, other);

        AssertFails(X5cPki.Verifier(pki.Anchors).Verify(presentation), VerificationFailureCodes.IssuerSignatureInvalid);
    }

    /// <summary>A generated IACA and Document Signer (MdocCertificateFactory), valid 2024–2030.</summary>
    private sealed class X5cPki : IDisposable
    {
        private readonly ECDsa _iacaKey;
        private readonly ECDsa _dsKey;
        private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _iaca;
        private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ds;

        private X5cPki(ECDsa iacaKey, ECDsa dsKey, System.Security.Cryptography.X509Certificates.X509Certificate2 iaca, System.Security.Cryptography.X509Certificates.X509Certificate2 ds)
        {
            _iacaKey = iacaKey;
            _dsKey = dsKey;
            _iaca = iaca;
            _ds = ds;
            Anchors = TrustAnchorSet.Create([iaca]);
        }

        public TrustAnchorSet Anchors { get; }

        public static X5cPki Create()
        {
            var notBefore = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var notAfter = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin test IACA", iacaKey, notBefore, notAfter);
            var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Honnin test DS", dsKey, notBefore, notAfter, issuerUris: ["https://issuer.example.com"]);
            return new X5cPki(iacaKey, dsKey, iaca, ds);
        }

        public async Task<string> IssueAsync(JsonObject claims, ISigner? signer = null)
        {
            var copy = ECDsa.Create(_dsKey.ExportParameters(includePrivateParameters: true));
            using var dsSigner = SoftwareSigner.FromECDsa(copy);
            var builder = new SdJwtBuilder(claims).MakeDisclosable("given_name")
                .WithHeader("x5c", new JsonArray(Convert.ToBase64String(_ds.RawData)));
            return (await builder.BuildAsync(signer ?? dsSigner)).Serialize();
        }

        public static SdJwtVcVerifier Verifier(TrustAnchorSet anchors) =>
            new(new SdJwtVcVerifierOptions { TrustAnchors = anchors, KeyBinding = KeyBindingPolicy.Forbidden }, new FakeTimeProvider(Now));

        public void Dispose()
        {
            Anchors.Dispose();
            _iaca.Dispose();
            _ds.Dispose();
            _iacaKey.Dispose();
            _dsKey.Dispose();
        }
    }
}
