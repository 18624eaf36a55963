using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Core.Tests.Jose;

/// <summary>A verifier's per-transaction ECDH key stored as a private JWK (<see cref="PrivateJsonWebKey"/>) and used for JWE.</summary>
public sealed class PrivateJsonWebKeyKeyAgreementTests
{
    [Fact]
    public void A_written_ECDH_key_reads_back_and_decrypts_what_was_encrypted_to_its_public_JWK()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var stored = PrivateJsonWebKey.Write(key, "tx-1");
        var jwk = JsonNode.Parse(stored)!.AsObject();
        jwk.Remove("d");
        var publicJwk = JsonWebKey.Parse(jwk.ToJsonString());
        var text = CompactJwe.Encrypt("{\"vp_token\":{}}"u8, publicJwk, JweAlgorithms.A128Gcm, publicJwk.KeyId);

        using var restored = PrivateJsonWebKey.ReadECDiffieHellman(stored);

        Assert.Equal("tx-1", publicJwk.KeyId);
        Assert.Equal("{\"vp_token\":{}}"u8.ToArray(), CompactJwe.Parse(text).Decrypt(restored));
        Assert.Equal("JsonWebKey(EC P-256)", publicJwk.ToString());
    }

    [Theory]
    [InlineData("mismatch")]
    [InlineData("no-d")]
    [InlineData("short-d")]
    [InlineData("okp")]
    [InlineData("off-curve")]
    public void Private_JWKs_that_are_not_a_consistent_EC_key_are_rejected_as_invalid_keys(string kind)
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var ed25519 = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        var jwk = JsonNode.Parse(PrivateJsonWebKey.Write(key))!.AsObject();
        switch (kind)
        {
            case "mismatch":
                jwk["d"] = JsonNode.Parse(PrivateJsonWebKey.Write(other))!["d"]!.GetValue<string>();
                break;
            case "no-d":
                jwk.Remove("d");
                break;
            case "short-d":
                jwk["d"] = Base64UrlEncoding.Encode(new byte[31]);
                break;
            case "okp":
                jwk = JsonWebKey.FromCoseKey(ed25519.PublicKey).ToJsonObject();
                jwk["d"] = Base64UrlEncoding.Encode(new byte[32]);
                break;
            default:
                var y = Base64UrlEncoding.Decode(jwk["y"]!.GetValue<string>());
                y[^1] ^= 0x01;
                jwk["y"] = Base64UrlEncoding.Encode(y);
                break;
        }

        var error = Assert.Throws<CredentialFormatException>(() => PrivateJsonWebKey.ReadECDiffieHellman(jwk.ToJsonString()));
        Assert.Equal(JoseFailureCodes.InvalidKey, error.Code);
        Assert.DoesNotContain(jwk["d"]?.GetValue<string>() ?? "\u0000", error.Message, StringComparison.Ordinal);
    }
}
