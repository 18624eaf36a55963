using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Tests;

namespace Honnin.Core.Tests.Jose;

/// <summary>Public JWKs (RFC 7517/7518/8037), RFC 7638 thumbprints, and private JWKs for software signers.</summary>
public sealed class JsonWebKeyTests
{
    private const string IssuerPublic = """{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}""";

    [Fact]
    public void Thumbprint_matches_the_openid4vp_appendix_b_vector()
    {
        // OpenID4VP 1.0 Appendix B.2.6 (tests/vectors/sdjwt/oid4vp-mdoc is not copied; the values are repeated here).
        var jwk = JsonWebKey.Parse("""{"kty":"EC","crv":"P-256","x":"DxiH5Q4Yx3UrukE2lWCErq8N8bqC9CHLLrAwLz5BmE0","y":"XtLM4-3h5o3HUH0MHVJV0kyq0iBlrBwlh8qEDMZ4-Pc","use":"enc","alg":"ECDH-ES","kid":"1"}""");

        Assert.Equal("4283ec927ae0f208daaa2d026a814f2b22dca52cf85ffa8f3f8626c6bd669047", Convert.ToHexStringLower(jwk.ComputeThumbprint(HashAlgorithmName.SHA256)));
        Assert.Equal("1", jwk.KeyId);
    }

    [Fact]
    public void Ed25519_thumbprint_matches_rfc_8037_appendix_a_3()
    {
        var jwk = JsonWebKey.Parse("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""");

        Assert.Equal("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", jwk.ComputeThumbprint());
        Assert.Equal("OKP", jwk.KeyType);
        Assert.Equal(CoseKeyCurve.Ed25519, jwk.Key.Curve);
    }

    [Fact]
    public void Ec_key_round_trips_through_cose_key()
    {
        var jwk = JsonWebKey.Parse(IssuerPublic);
        var back = JsonWebKey.FromCoseKey(jwk.Key);

        Assert.Equal(JsonNode.Parse(IssuerPublic)!.ToJsonString(), back.ToJson());
        Assert.Equal(jwk.ComputeThumbprint(), back.ComputeThumbprint());
    }

    [Theory]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8","d":"Ur2bNKuBPOrAaxsRnbSH6hIhmNTxSGXshDSUD1a1y7g"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk9"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"AAAA"}""")]
    [InlineData("""{"kty":"EC","crv":"P-384","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}""")]
    [InlineData("""{"kty":"EC","crv":"secp256k1","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}""")]
    [InlineData("""{"kty":"oct","k":"c2VjcmV0"}""")]
    [InlineData("""{"kty":"RSA","n":"AQAB","e":"AQAB"}""")]
    [InlineData("""{"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""")]
    [InlineData("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR"}""")]
    [InlineData("""{"crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}""")]
    public void Unsupported_private_off_curve_or_malformed_keys_are_rejected(string json)
    {
        Assert.False(JsonWebKey.TryParse(json, out _, out var error));
        Assert.Equal(JoseFailureCodes.InvalidKey, error.Code);
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    [InlineData("P-521")]
    public void Generated_keys_are_on_their_curve_and_an_unreduced_coordinate_is_not(string curveName)
    {
        var curve = curveName switch { "P-256" => ECCurve.NamedCurves.nistP256, "P-384" => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 };
        using var ecdsa = ECDsa.Create(curve);
        var jwk = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(ecdsa)).ToJsonObject();
        Assert.True(JsonWebKey.TryFromJson(jwk, out var parsed, out _));
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        Assert.Equal(parameters.Q.X, parsed.Key.X.ToArray());

        // x = p is 0 written unreduced: not a field element, which OpenSSL refuses, and so must the JWK reader.
        var size = parameters.Q.X!.Length;
        var prime = curveName switch
        {
            "P-256" => Convert.FromHexString("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
            "P-384" => Convert.FromHexString("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
            _ => Convert.FromHexString("01ff" + new string('f', 128)),
        };
        Assert.Equal(size, prime.Length);
        jwk["x"] = Base64UrlEncoding.Encode(prime);
        Assert.False(JsonWebKey.TryFromJson(jwk, out _, out var error));
        Assert.Equal(JoseFailureCodes.InvalidKey, error.Code);
    }

    [Fact]
    public void Private_jwk_from_the_rfc_examples_signs_for_the_appendix_a_5_public_key()
    {
        var keys = Vectors.Load("sdjwt/rfc9901-draft22/keys.json").RootElement;
        using var signer = PrivateJsonWebKey.ReadSigner(keys.GetProperty("issuer_key").GetRawText());

        Assert.Equal(CoseAlgorithm.ES256, signer.Algorithm);
        Assert.Equal(JsonWebKey.Parse(IssuerPublic).ComputeThumbprint(), JsonWebKey.FromCoseKey(signer.PublicKey).ComputeThumbprint());
        var signature = signer.Sign("data"u8);
        Assert.True(SignatureVerifier.Verify(CoseAlgorithm.ES256, JsonWebKey.Parse(IssuerPublic).Key, "data"u8, signature));
    }

    [Theory]
    [InlineData(CoseAlgorithm.ES256)]
    [InlineData(CoseAlgorithm.ES384)]
    [InlineData(CoseAlgorithm.ES512)]
    public void Ec_private_jwk_round_trips(CoseAlgorithm algorithm)
    {
        using var original = SoftwareSigner.Generate(algorithm);
        using var exported = original.ExportECDsa();
        var json = PrivateJsonWebKey.Write(exported, "k1");
        using var read = PrivateJsonWebKey.ReadSigner(json);

        Assert.Equal(algorithm, read.Algorithm);
        Assert.Equal("k1", read.KeyId);
        Assert.True(SignatureVerifier.Verify(algorithm, original.PublicKey, "m"u8, read.Sign("m"u8)));
    }

    [Fact]
    public void Ed25519_private_jwk_round_trips()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var json = PrivateJsonWebKey.WriteEd25519(seed);
        using var read = PrivateJsonWebKey.ReadSigner(json);
        using var direct = SoftwareSigner.FromEd25519Seed(seed);

        Assert.Equal(CoseAlgorithm.EdDSA, read.Algorithm);
        Assert.True(direct.PublicKey.X.SequenceEqual(read.PublicKey.X));
    }

    [Fact]
    public void Private_jwk_whose_public_part_does_not_match_is_rejected()
    {
        var keys = Vectors.Load("sdjwt/rfc9901-draft22/keys.json").RootElement;
        var issuer = JsonNode.Parse(keys.GetProperty("issuer_key").GetRawText())!.AsObject();
        issuer["d"] = keys.GetProperty("holder_key").GetProperty("d").GetString();

        var error = Assert.Throws<CredentialFormatException>(() => PrivateJsonWebKey.ReadSigner(issuer.ToJsonString()));
        Assert.Equal(JoseFailureCodes.InvalidKey, error.Code);
        Assert.DoesNotContain(issuer["d"]!.GetValue<string>(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_jwk_without_d_is_not_a_private_key()
    {
        Assert.Equal(JoseFailureCodes.InvalidKey, Assert.Throws<CredentialFormatException>(() => PrivateJsonWebKey.ReadSigner(IssuerPublic)).Code);
    }

    [Fact]
    public void Describing_a_key_never_prints_its_material()
    {
        var jwk = JsonWebKey.Parse(IssuerPublic);
        Assert.Equal("JsonWebKey(EC P-256)", jwk.ToString());
    }
}
