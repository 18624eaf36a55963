using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// Signature algorithms of SD-JWT VC issuers and holders: ES256, ES384, ES512 and EdDSA by default; RS256/384/512 and
/// PS256/384/512 (RSA JWKs, and RSA keys of <c>x5c</c> leaf certificates, at least 2048 bits) when the verifier lists them.
/// Each accepted case sits beside its refused twin.
/// </summary>
public sealed class SdJwtAlgorithmTests
{
    private const string Issuer = "https://issuer.example.com";
    private const string Audience = "https://verifier.example.org";
    private const string Nonce = "n-0S6_WzA2Mj";
    private static readonly SdJwtSession Session = new(Audience, Nonce);
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<CoseAlgorithm> WithRsa =
        [CoseAlgorithm.ES256, CoseAlgorithm.RS256, CoseAlgorithm.RS384, CoseAlgorithm.RS512, CoseAlgorithm.PS256, CoseAlgorithm.PS384, CoseAlgorithm.PS512];

    private static JsonObject Claims => new()
    {
        ["iss"] = Issuer,
        ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(),
        ["exp"] = Now.AddDays(30).ToUnixTimeSeconds(),
        ["vct"] = "urn:honnin:jp:enrollment-certificate:1",
        ["given_name"] = "Taro",
    };

    [Theory]
    [InlineData(CoseAlgorithm.RS256)]
    [InlineData(CoseAlgorithm.PS256)]
    [InlineData(CoseAlgorithm.RS384)]
    [InlineData(CoseAlgorithm.PS512)]
    public async Task An_rsa_issuer_jwk_verifies_when_the_verifier_lists_the_algorithm(CoseAlgorithm algorithm)
    {
        using var issuer = new RsaTestSigner(algorithm);
        var presentation = await IssueAsync(issuer);
        var keys = new[] { JsonWebKey.FromCoseKey(issuer.PublicKey) };

        var accepted = KeyVerifier(keys, o => o with { AllowedAlgorithms = WithRsa }).Verify(presentation);
        var byDefault = KeyVerifier(keys).Verify(presentation);

        SdJwtTestKit.AssertValid(accepted);
        SdJwtTestKit.AssertFails(byDefault, VerificationFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task An_rsa_issuer_jwk_read_from_json_verifies_and_another_rsa_key_does_not()
    {
        using var issuer = new RsaTestSigner(CoseAlgorithm.RS256, keyId: "rsa-1");
        using var stranger = new RsaTestSigner(CoseAlgorithm.RS256, keyId: "rsa-1");
        var presentation = await IssueAsync(issuer);
        var jwk = JsonWebKey.Parse(JsonWebKey.FromCoseKey(issuer.PublicKey, "rsa-1").ToJson());

        SdJwtTestKit.AssertValid(KeyVerifier([jwk], o => o with { AllowedAlgorithms = WithRsa }).Verify(presentation));
        SdJwtTestKit.AssertFails(KeyVerifier([JsonWebKey.FromCoseKey(stranger.PublicKey, "rsa-1")], o => o with { AllowedAlgorithms = WithRsa }).Verify(presentation), VerificationFailureCodes.IssuerSignatureInvalid);
    }

    [Fact]
    public async Task An_rsa_key_never_verifies_an_ecdsa_signature_and_an_ec_key_never_an_rsa_one()
    {
        using var rsa = new RsaTestSigner(CoseAlgorithm.RS256);
        using var ec = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var both = new[] { JsonWebKey.FromCoseKey(rsa.PublicKey), JsonWebKey.FromCoseKey(ec.PublicKey) };

        SdJwtTestKit.AssertValid(KeyVerifier(both, o => o with { AllowedAlgorithms = WithRsa }).Verify(await IssueAsync(rsa)));
        SdJwtTestKit.AssertValid(KeyVerifier(both, o => o with { AllowedAlgorithms = WithRsa }).Verify(await IssueAsync(ec)));
        SdJwtTestKit.AssertFails(KeyVerifier([JsonWebKey.FromCoseKey(ec.PublicKey)], o => o with { AllowedAlgorithms = WithRsa }).Verify(await IssueAsync(rsa)), SdJwtFailureCodes.IssuerKeyUnknown);
        SdJwtTestKit.AssertFails(KeyVerifier([JsonWebKey.FromCoseKey(rsa.PublicKey)], o => o with { AllowedAlgorithms = WithRsa }).Verify(await IssueAsync(ec)), SdJwtFailureCodes.IssuerKeyUnknown);
    }

    [Theory]
    [InlineData(CoseAlgorithm.ES384)]
    [InlineData(CoseAlgorithm.ES512)]
    public async Task Es384_and_es512_issuer_jwks_verify_by_default_and_only_with_their_curve(CoseAlgorithm algorithm)
    {
        using var issuer = SoftwareSigner.Generate(algorithm);
        using var p256 = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var presentation = await IssueAsync(issuer);

        SdJwtTestKit.AssertValid(KeyVerifier([JsonWebKey.FromCoseKey(issuer.PublicKey)]).Verify(presentation));
        SdJwtTestKit.AssertFails(KeyVerifier([JsonWebKey.FromCoseKey(p256.PublicKey)]).Verify(presentation), SdJwtFailureCodes.IssuerKeyUnknown);
        SdJwtTestKit.AssertFails(KeyVerifier([JsonWebKey.FromCoseKey(issuer.PublicKey)], o => o with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256 } }).Verify(presentation), VerificationFailureCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData(CoseAlgorithm.ES384)]
    [InlineData(CoseAlgorithm.ES512)]
    [InlineData(CoseAlgorithm.PS256)]
    [InlineData(CoseAlgorithm.RS256)]
    public async Task A_holder_key_of_each_algorithm_binds_a_presentation(CoseAlgorithm algorithm)
    {
        using var issuer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var rsaHolder = JwsAlgorithms.IsRsa(algorithm) ? new RsaTestSigner(algorithm) : null;
        using var ecHolder = rsaHolder is null ? SoftwareSigner.Generate(algorithm) : null;
        ISigner holder = (ISigner?)rsaHolder ?? ecHolder!;
        var credential = await new SdJwtBuilder(Claims).MakeDisclosable("given_name").WithHolderKey(JsonWebKey.FromCoseKey(holder.PublicKey)).BuildAsync(issuer);
        var presentation = (await credential.PresentAsync([ClaimPath.Parse("given_name")], Audience, Nonce, Now, holder)).Serialize();
        var keys = new[] { JsonWebKey.FromCoseKey(issuer.PublicKey) };

        SdJwtTestKit.AssertValid(KeyVerifier(keys, o => o with { KeyBinding = KeyBindingPolicy.Required, AllowedAlgorithms = new HashSet<CoseAlgorithm>(WithRsa) { CoseAlgorithm.ES384, CoseAlgorithm.ES512 } }).Verify(presentation, Session));
        SdJwtTestKit.AssertFails(
            KeyVerifier(keys, o => o with { KeyBinding = KeyBindingPolicy.Required, AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256 } }).Verify(presentation, Session),
            VerificationFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task A_cnf_jwk_with_an_rsa_key_shorter_than_2048_bits_cannot_bind()
    {
        using var issuer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var small = RSA.Create(1024);
        var parameters = small.ExportParameters(includePrivateParameters: false);
        var claims = Claims;
        claims["cnf"] = new JsonObject { ["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = Base64UrlEncoding.Encode(parameters.Modulus), ["e"] = Base64UrlEncoding.Encode(parameters.Exponent) } };
        var credential = await new SdJwtBuilder(claims).MakeDisclosable("given_name").BuildAsync(issuer);
        using var holder = new RsaTestSigner(CoseAlgorithm.RS256, RSA.Create(small.ExportParameters(includePrivateParameters: true)));
        var kb = await KeyBindingJwt.CreateAsync(credential, Audience, Nonce, Now, holder);

        var result = KeyVerifier([JsonWebKey.FromCoseKey(issuer.PublicKey)], o => o with { KeyBinding = KeyBindingPolicy.Required, AllowedAlgorithms = WithRsa })
            .Verify(credential.WithKeyBinding(kb).Serialize(), Session);

        SdJwtTestKit.AssertFails(result, SdJwtFailureCodes.ConfirmationKeyInvalid);
    }

    [Theory]
    [InlineData(CoseAlgorithm.RS256)]
    [InlineData(CoseAlgorithm.PS256)]
    public async Task An_x5c_leaf_with_an_rsa_key_verifies_under_a_trusted_iaca(CoseAlgorithm algorithm)
    {
        using var pki = RsaPki.Create(2048);
        using var signer = new RsaTestSigner(algorithm, pki.LeafKey());
        var presentation = await IssueAsync(signer, pki.Leaf);

        var result = pki.Verifier(o => o with { AllowedAlgorithms = WithRsa }).Verify(presentation);

        SdJwtTestKit.AssertValid(result);
        Assert.Contains(result.Checks, c => c.Name == "issuer_trust" && c.Status == CheckStatus.Passed);
        SdJwtTestKit.AssertFails(pki.Verifier().Verify(presentation), VerificationFailureCodes.AlgorithmNotAllowed);
    }

    [Fact]
    public async Task An_x5c_rsa_leaf_is_verified_again_for_every_presentation()
    {
        // RSA leaves are not kept in the validated-chain cache: a second presentation signed by another key under the
        // same certificate still fails.
        using var pki = RsaPki.Create(2048);
        using var signer = new RsaTestSigner(CoseAlgorithm.RS256, pki.LeafKey());
        using var forger = new RsaTestSigner(CoseAlgorithm.RS256);
        var verifier = pki.Verifier(o => o with { AllowedAlgorithms = WithRsa });

        SdJwtTestKit.AssertValid(verifier.Verify(await IssueAsync(signer, pki.Leaf)));
        SdJwtTestKit.AssertFails(verifier.Verify(await IssueAsync(forger, pki.Leaf)), VerificationFailureCodes.IssuerSignatureInvalid);
        SdJwtTestKit.AssertValid(verifier.Verify(await IssueAsync(signer, pki.Leaf)));
    }

    [Fact]
    public async Task An_x5c_leaf_with_an_rsa_key_shorter_than_2048_bits_is_refused_with_its_own_code()
    {
        using var pki = RsaPki.Create(1024);
        using var signer = new RsaTestSigner(CoseAlgorithm.RS256, pki.LeafKey());
        var presentation = await IssueAsync(signer, pki.Leaf);

        var result = pki.Verifier(o => o with { AllowedAlgorithms = WithRsa }).Verify(presentation);

        SdJwtTestKit.AssertFails(result, VerificationFailureCodes.IssuerKeyTooSmall);
        Assert.Contains("2048", result.Failures.Single(f => f.Code == VerificationFailureCodes.IssuerKeyTooSmall).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ecdsa_header_over_an_rsa_leaf_never_verifies()
    {
        using var pki = RsaPki.Create(2048);
        using var ec = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        SdJwtTestKit.AssertFails(pki.Verifier(o => o with { AllowedAlgorithms = WithRsa }).Verify(await IssueAsync(ec, pki.Leaf)), VerificationFailureCodes.IssuerSignatureInvalid);
    }

    [Theory]
    [InlineData("sha3-256")]
    [InlineData("sha3-384")]
    [InlineData("sha3-512")]
    public async Task A_sha3_credential_with_key_binding_verifies_when_the_verifier_lists_its_sd_alg(string name)
    {
        Assert.True(SdHashAlgorithm.TryFromName(name, out var algorithm));
        using var issuer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var holder = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var builder = new SdJwtBuilder(Claims).MakeDisclosable("given_name").WithHolderKey(JsonWebKey.FromCoseKey(holder.PublicKey));
        builder.HashAlgorithm = algorithm;
        var credential = await builder.BuildAsync(issuer);
        var presentation = (await credential.PresentAsync([ClaimPath.Parse("given_name")], Audience, Nonce, Now, holder)).Serialize();
        SdJwtVcVerifierOptions Bound(SdJwtVcVerifierOptions o) => o with { KeyBinding = KeyBindingPolicy.Required };
        var keys = new[] { JsonWebKey.FromCoseKey(issuer.PublicKey) };

        var listed = KeyVerifier(keys, o => Bound(o) with { AllowedHashAlgorithms = new HashSet<string>(StringComparer.Ordinal) { "sha-256", name } }).Verify(presentation, Session);

        SdJwtTestKit.AssertValid(listed);
        Assert.Equal("Taro", listed.Documents[0].Claims!["given_name"]!.GetValue<string>());
        SdJwtTestKit.AssertFails(KeyVerifier(keys, Bound).Verify(presentation, Session), SdJwtFailureCodes.HashAlgorithmNotAccepted);
    }

    [Fact]
    public void Verifier_options_refuse_hash_names_that_are_not_supported()
    {
        using var issuer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var keys = new[] { JsonWebKey.FromCoseKey(issuer.PublicKey) };

        _ = KeyVerifier(keys, o => o with { AllowedHashAlgorithms = new HashSet<string>(StringComparer.Ordinal) { "sha3-256", "sha3-384", "sha3-512" } });
        Assert.Throws<ArgumentException>(() => KeyVerifier(keys, o => o with { AllowedHashAlgorithms = new HashSet<string>(StringComparer.Ordinal) { "SHA3-256" } }));
        Assert.Throws<ArgumentException>(() => KeyVerifier(keys, o => o with { AllowedHashAlgorithms = new HashSet<string>(StringComparer.Ordinal) { "sha3-224" } }));
    }

    [Fact]
    public void Verifier_options_accept_rsa_algorithms_for_sd_jwt_and_refuse_them_for_mdoc()
    {
        using var rsa = new RsaTestSigner(CoseAlgorithm.RS256);
        _ = KeyVerifier([JsonWebKey.FromCoseKey(rsa.PublicKey)], o => o with { AllowedAlgorithms = WithRsa });

        using var anchors = RsaPki.Create(2048);
        Assert.Throws<ArgumentException>(() => new MdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors.Anchors, AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256, CoseAlgorithm.RS256 } }));
        Assert.Throws<ArgumentException>(() => KeyVerifier([JsonWebKey.FromCoseKey(rsa.PublicKey)], o => o with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.HMAC256 } }));
    }

    private static async Task<string> IssueAsync(ISigner signer, X509Certificate2? leaf = null)
    {
        var builder = new SdJwtBuilder(Claims).MakeDisclosable("given_name");
        if (leaf is not null)
        {
            builder.WithHeader("x5c", new JsonArray(Convert.ToBase64String(leaf.RawData)));
        }

        return (await builder.BuildAsync(signer)).Serialize();
    }

    private static SdJwtVcVerifier KeyVerifier(IReadOnlyList<JsonWebKey> keys, Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null)
    {
        var options = new SdJwtVcVerifierOptions { IssuerKeys = keys, KeyBinding = KeyBindingPolicy.Forbidden };
        return new SdJwtVcVerifier(configure?.Invoke(options) ?? options, new FakeTimeProvider(Now));
    }

    /// <summary>A P-256 IACA and an RSA issuer certificate under it (Document Signer profile, SAN naming the issuer), 2024–2030.</summary>
    private sealed class RsaPki : IDisposable
    {
        private readonly RSA _leafKey;
        private readonly X509Certificate2 _iaca;

        private RsaPki(RSA leafKey, X509Certificate2 iaca, X509Certificate2 leaf)
        {
            _leafKey = leafKey;
            _iaca = iaca;
            Leaf = leaf;
            Anchors = TrustAnchorSet.Create([iaca]);
        }

        public X509Certificate2 Leaf { get; }

        public TrustAnchorSet Anchors { get; }

        public static RsaPki Create(int keySize)
        {
            var notBefore = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var notAfter = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin RSA test IACA", iacaKey, notBefore, notAfter);
            var leafKey = RSA.Create(keySize);
            var name = new X500DistinguishedNameBuilder();
            name.AddCommonName("Honnin RSA test issuer");
            name.AddCountryOrRegion("JP");
            var request = new CertificateRequest(name.Build(), leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.DocumentSignerExtendedKeyUsage)], critical: true));
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(Issuer));
            san.AddDnsName("issuer.example.com");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(iaca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            var leaf = request.Create(iaca.SubjectName, X509SignatureGenerator.CreateForECDsa(iacaKey), notBefore, notAfter, [0x42, 0x17, 0x01, 0x99, 0x08, 0x11, 0x23, 0x5c]);
            return new RsaPki(leafKey, iaca, leaf);
        }

        /// <summary>A copy of the leaf's private key, for a signer that disposes it.</summary>
        public RSA LeafKey() => RSA.Create(_leafKey.ExportParameters(includePrivateParameters: true));

        public SdJwtVcVerifier Verifier(Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null)
        {
            var options = new SdJwtVcVerifierOptions { TrustAnchors = Anchors, KeyBinding = KeyBindingPolicy.Forbidden };
            return new SdJwtVcVerifier(configure?.Invoke(options) ?? options, new FakeTimeProvider(Now));
        }

        public void Dispose()
        {
            Anchors.Dispose();
            _iaca.Dispose();
            Leaf.Dispose();
            _leafKey.Dispose();
        }
    }
}
