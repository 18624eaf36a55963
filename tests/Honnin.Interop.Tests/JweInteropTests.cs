using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Interop.Tests;

/// <summary>
/// Compact ECDH-ES JWE (OpenID4VP 1.0 §8.3 encrypted responses) with jose 6.2.17 (tests/interop/jwe-peer.mjs), both
/// directions and both <c>enc</c> values, with and without <c>apu</c>/<c>apv</c>: Honnin encrypts and jose's
/// <c>compactDecrypt</c> opens it; jose's <c>CompactEncrypt</c> encrypts and Honnin opens it. Each accepted case has its
/// refused twin (another key, or an <c>enc</c> the receiver does not allow).
/// </summary>
public sealed class JweInteropTests : IDisposable
{
    private static readonly byte[] Response = Encoding.UTF8.GetBytes("""{"vp_token":{"pid":["eyJhbGciOiJFUzI1NiJ9.e30.c2ln~"]},"state":"状態-1"}""");
    private readonly ECDiffieHellman _verifierKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    private JsonWebKey VerifierJwk => JsonWebKey.FromCoseKey(CoseKey.FromECDsa(_verifierKey), "verifier-enc-1");

    public void Dispose() => _verifierKey.Dispose();

    [Theory]
    [InlineData(JweAlgorithms.A128Gcm, false)]
    [InlineData(JweAlgorithms.A128Gcm, true)]
    [InlineData(JweAlgorithms.A256Gcm, false)]
    [InlineData(JweAlgorithms.A256Gcm, true)]
    public async Task Jose_decrypts_what_honnin_encrypts(string enc, bool withPartyInfo)
    {
        var apu = withPartyInfo ? "wallet-nonce-1"u8.ToArray() : [];
        var apv = withPartyInfo ? "verifier-nonce-1"u8.ToArray() : [];
        var jwe = CompactJwe.Encrypt(Response, VerifierJwk, enc, VerifierJwk.KeyId, apu, apv);

        var peer = await PeerDecryptAsync(jwe, PrivateJsonWebKey.Write(_verifierKey));

        Assert.Null(peer["error"]);
        Assert.Equal(Response, Base64UrlEncoding.Decode(peer["plaintext"]!.GetValue<string>()));
        var header = peer["protectedHeader"]!.AsObject();
        Assert.Equal("ECDH-ES", header["alg"]!.GetValue<string>());
        Assert.Equal(enc, header["enc"]!.GetValue<string>());
        Assert.Equal("verifier-enc-1", header["kid"]!.GetValue<string>());
        Assert.Equal(withPartyInfo ? Base64UrlEncoding.Encode(apu) : null, header["apu"]?.GetValue<string>());
        Assert.Equal(withPartyInfo ? Base64UrlEncoding.Encode(apv) : null, header["apv"]?.GetValue<string>());
    }

    [Fact]
    public async Task Jose_refuses_what_honnin_encrypts_for_another_key_or_with_an_enc_it_does_not_allow()
    {
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = CompactJwe.Encrypt(Response, VerifierJwk, JweAlgorithms.A256Gcm);

        var wrongKey = await PeerDecryptAsync(jwe, PrivateJsonWebKey.Write(other));
        var wrongEnc = await PeerDecryptAsync(jwe, PrivateJsonWebKey.Write(_verifierKey), JweAlgorithms.A128Gcm);

        Assert.Equal("ERR_JWE_DECRYPTION_FAILED", wrongKey["code"]!.GetValue<string>());
        Assert.Equal("ERR_JOSE_ALG_NOT_ALLOWED", wrongEnc["code"]!.GetValue<string>());
        Assert.Null(wrongKey["plaintext"]);
    }

    [Theory]
    [InlineData(JweAlgorithms.A128Gcm, false)]
    [InlineData(JweAlgorithms.A128Gcm, true)]
    [InlineData(JweAlgorithms.A256Gcm, false)]
    [InlineData(JweAlgorithms.A256Gcm, true)]
    public async Task Honnin_decrypts_what_jose_encrypts(string enc, bool withPartyInfo)
    {
        var jwe = await PeerEncryptAsync(enc, withPartyInfo);

        var parsed = CompactJwe.Parse(jwe);
        var plaintext = parsed.Decrypt(_verifierKey, new HashSet<string> { enc });

        Assert.Equal(Response, plaintext);
        Assert.Equal(enc, parsed.Encryption);
        Assert.Equal("verifier-enc-1", parsed.KeyId);
        Assert.Equal(withPartyInfo ? "wallet-nonce-1"u8.ToArray() : [], parsed.AgreementPartyUInfo.ToArray());
        Assert.Equal(withPartyInfo ? "verifier-nonce-1"u8.ToArray() : [], parsed.AgreementPartyVInfo.ToArray());
    }

    [Fact]
    public async Task Honnin_refuses_what_jose_encrypts_for_another_key_or_with_an_enc_it_does_not_allow()
    {
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = CompactJwe.Parse(await PeerEncryptAsync(JweAlgorithms.A256Gcm, withPartyInfo: true));

        Assert.False(jwe.TryDecrypt(other, out _, out var wrongKey));
        Assert.False(jwe.TryDecrypt(_verifierKey, out _, out var wrongEnc, new HashSet<string> { JweAlgorithms.A128Gcm }));

        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, wrongKey.Code);
        Assert.Equal(JoseFailureCodes.JweUnsupportedEncryption, wrongEnc.Code);
    }

    [Fact]
    public async Task Honnin_refuses_a_key_wrapping_jwe_jose_makes_as_an_unsupported_algorithm()
    {
        var jwe = await PeerEncryptAsync(JweAlgorithms.A128Gcm, withPartyInfo: false, alg: "ECDH-ES+A128KW");

        Assert.False(CompactJwe.TryParse(jwe, out _, out var error));
        Assert.Equal(JoseFailureCodes.JweUnsupportedAlgorithm, error.Code);
    }

    private static Task<JsonObject> PeerDecryptAsync(string jwe, string privateJwk, string? enc = null)
    {
        var request = new JsonObject { ["command"] = "decrypt", ["jwe"] = jwe, ["privateJwk"] = JsonNode.Parse(privateJwk) };
        if (enc is not null)
        {
            request["enc"] = enc;
        }

        return NodePeer.RunAsync(request, "jwe-peer.mjs");
    }

    private async Task<string> PeerEncryptAsync(string enc, bool withPartyInfo, string? alg = null)
    {
        var request = new JsonObject
        {
            ["command"] = "encrypt",
            ["plaintext"] = Base64UrlEncoding.Encode(Response),
            ["publicJwk"] = VerifierJwk.ToJsonObject(),
            ["enc"] = enc,
            ["kid"] = VerifierJwk.KeyId,
        };
        if (alg is not null)
        {
            request["alg"] = alg;
        }

        if (withPartyInfo)
        {
            request["apu"] = Base64UrlEncoding.Encode("wallet-nonce-1"u8);
            request["apv"] = Base64UrlEncoding.Encode("verifier-nonce-1"u8);
        }

        var peer = await NodePeer.RunAsync(request, "jwe-peer.mjs");
        return peer["jwe"]!.GetValue<string>();
    }
}
