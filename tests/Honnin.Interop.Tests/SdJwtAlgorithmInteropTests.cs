using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;
using static Honnin.Interop.Tests.InteropKit;

namespace Honnin.Interop.Tests;

/// <summary>
/// <c>_sd_alg</c> sha3-256/384/512 and the RSA and larger-curve issuer algorithms, both directions, against
/// @sd-jwt/sd-jwt-vc 0.19.0 (tests/interop/peer.mjs, hashing and signing with node:crypto): the peer issues and Honnin
/// verifies, Honnin issues and the peer verifies. Each accepted case has its refused twin on the Honnin side.
/// </summary>
public sealed class SdJwtAlgorithmInteropTests
{
    private static JsonObject Frame => JsonNode.Parse("""{"_sd": ["given_name", "family_name", "student_number"]}""")!.AsObject();

    [Theory]
    [InlineData("sha3-256")]
    [InlineData("sha3-384")]
    [InlineData("sha3-512")]
    [InlineData("sha-384")]
    public async Task Honnin_verifies_a_credential_the_peer_issued_with_another_sd_alg(string hashAlg)
    {
        var credential = await PeerIssueAsync(IssuerPrivateJwk, hashAlg: hashAlg);

        var accepted = Verifier([IssuerKey], o => o with { AllowedHashAlgorithms = new HashSet<string>(StringComparer.Ordinal) { "sha-256", hashAlg } }).Verify(credential);
        var byDefault = Verifier([IssuerKey]).Verify(credential);

        AssertValid(accepted);
        Assert.Equal("花子", accepted.Documents[0].Claims!["given_name"]!.GetValue<string>());
        Assert.Contains(byDefault.Failures, f => f.Code == SdJwtFailureCodes.HashAlgorithmNotAccepted);
    }

    [Theory]
    [InlineData("sha3-256")]
    [InlineData("sha3-512")]
    public async Task The_peer_verifies_a_credential_honnin_issued_with_sha3(string hashAlg)
    {
        Assert.True(SdHashAlgorithm.TryFromName(hashAlg, out var algorithm));
        using var issuer = IssuerSigner();
        var builder = new SdJwtBuilder(Claims).MakeDisclosable("given_name").MakeDisclosable("family_name").AddDecoys(2);
        builder.HashAlgorithm = algorithm;
        var credential = (await builder.BuildAsync(issuer)).Serialize();

        var result = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "verify",
            ["presentation"] = credential,
            ["issuerJwk"] = IssuerKey.ToJsonObject(),
            ["hashAlg"] = hashAlg,
            ["currentDate"] = Now.ToUnixTimeSeconds(),
        });

        Assert.True(result["valid"]!.GetValue<bool>(), result["error"]?.GetValue<string>());
        Assert.Equal(hashAlg, SelectiveDisclosureJwt.Parse(credential).HashAlgorithmName);
        Assert.Equal("山田", result["payload"]!["family_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("RS256", CoseAlgorithm.RS256)]
    [InlineData("PS256", CoseAlgorithm.PS256)]
    [InlineData("PS512", CoseAlgorithm.PS512)]
    public async Task Honnin_verifies_a_credential_the_peer_signed_with_rsa(string alg, CoseAlgorithm algorithm)
    {
        using var rsa = RSA.Create(2048);
        var credential = await PeerIssueAsync(PrivateRsaJwk(rsa), signAlg: alg);
        var key = JsonWebKey.FromCoseKey(CoseKey.FromRsa(rsa));

        AssertValid(Verifier([key], o => o with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256, algorithm } }).Verify(credential));
        Assert.Contains(Verifier([key]).Verify(credential).Failures, f => f.Code == VerificationFailureCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("ES384", CoseAlgorithm.ES384, "P-384")]
    [InlineData("ES512", CoseAlgorithm.ES512, "P-521")]
    public async Task Honnin_verifies_a_credential_the_peer_signed_with_a_larger_curve(string alg, CoseAlgorithm algorithm, string curve)
    {
        using var ec = ECDsa.Create(curve == "P-384" ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP521);
        var jwk = JsonNode.Parse(PrivateJsonWebKey.Write(ec))!.AsObject();
        var credential = await PeerIssueAsync(jwk, signAlg: alg);
        var key = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(ec));

        AssertValid(Verifier([key]).Verify(credential));
        Assert.Contains(Verifier([key], o => o with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256 } }).Verify(credential).Failures, f => f.Code == VerificationFailureCodes.AlgorithmNotAllowed);
        Assert.Equal(algorithm, SelectiveDisclosureJwt.Parse(credential).IssuerSigned.Algorithm);
    }

    [Theory]
    [InlineData(CoseAlgorithm.RS256, "RS256")]
    [InlineData(CoseAlgorithm.PS256, "PS256")]
    public async Task The_peer_verifies_a_credential_honnin_built_with_an_rsa_signature(CoseAlgorithm algorithm, string alg)
    {
        using var rsa = RSA.Create(2048);
        using var signer = new RsaInteropSigner(algorithm, RSA.Create(rsa.ExportParameters(includePrivateParameters: true)));
        var credential = (await new SdJwtBuilder(Claims).MakeDisclosable("given_name").BuildAsync(signer)).Serialize();
        var publicJwk = JsonWebKey.FromCoseKey(CoseKey.FromRsa(rsa)).ToJsonObject();

        var result = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "verify",
            ["presentation"] = credential,
            ["issuerJwk"] = publicJwk,
            ["signAlg"] = alg,
            ["currentDate"] = Now.ToUnixTimeSeconds(),
        });

        Assert.True(result["valid"]!.GetValue<bool>(), result["error"]?.GetValue<string>());
        Assert.Equal("花子", result["payload"]!["given_name"]!.GetValue<string>());
    }

    private static async Task<string> PeerIssueAsync(JsonObject issuerJwk, string? hashAlg = null, string? signAlg = null)
    {
        var request = new JsonObject
        {
            ["command"] = "issue",
            ["issuerJwk"] = issuerJwk,
            ["claims"] = Claims,
            ["frame"] = Frame,
        };
        if (hashAlg is not null)
        {
            request["hashAlg"] = hashAlg;
        }

        if (signAlg is not null)
        {
            request["signAlg"] = signAlg;
        }

        return (await NodePeer.RunAsync(request))["credential"]!.GetValue<string>();
    }

    private static JsonObject PrivateRsaJwk(RSA rsa)
    {
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Base64UrlEncoding.Encode(p.Modulus),
            ["e"] = Base64UrlEncoding.Encode(p.Exponent),
            ["d"] = Base64UrlEncoding.Encode(p.D),
            ["p"] = Base64UrlEncoding.Encode(p.P),
            ["q"] = Base64UrlEncoding.Encode(p.Q),
            ["dp"] = Base64UrlEncoding.Encode(p.DP),
            ["dq"] = Base64UrlEncoding.Encode(p.DQ),
            ["qi"] = Base64UrlEncoding.Encode(p.InverseQ),
        };
    }

    private static SdJwtVcVerifier Verifier(IReadOnlyList<JsonWebKey> keys, Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null)
    {
        var options = new SdJwtVcVerifierOptions { IssuerKeys = keys, KeyBinding = KeyBindingPolicy.Forbidden, Profile = SdJwtVerificationProfile.Rfc9901 };
        return new SdJwtVcVerifier(configure?.Invoke(options) ?? options, new FakeTimeProvider(Now));
    }

    /// <summary>An RSA signer for these tests: Honnin verifies RSA JWS but ships no RSA software signer.</summary>
    private sealed class RsaInteropSigner(CoseAlgorithm algorithm, RSA key) : Honnin.Crypto.ISigner, IDisposable
    {
        public CoseAlgorithm Algorithm => algorithm;

        public string? KeyId => null;

        public CoseKey PublicKey => CoseKey.FromRsa(key);

        public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(key.SignData(data.Span, HashAlgorithmName.SHA256, algorithm == CoseAlgorithm.PS256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1));

        public void Dispose() => key.Dispose();
    }
}
