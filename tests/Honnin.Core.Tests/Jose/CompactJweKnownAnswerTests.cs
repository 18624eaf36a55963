using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.Tests;

namespace Honnin.Core.Tests.Jose;

/// <summary>
/// Known answers for ECDH-ES JWE: RFC 7518 Appendix C (the Concat KDF example) and the OpenID4VP 1.0 §8.3 encrypted
/// response example (tests/vectors/jwe, see its README), each beside its negative twin.
/// </summary>
public sealed class CompactJweKnownAnswerTests
{
    private static readonly JsonElement AppendixC = Vectors.Load("jwe/rfc7518-appendix-c.json").RootElement;
    private static readonly JsonElement OpenId4Vp = Vectors.Load("jwe/openid4vp-encrypted-response.json").RootElement;

    [Fact]
    public void Rfc_7518_appendix_c_keys_agree_on_the_published_z()
    {
        using var alice = PrivateJsonWebKey.ReadECDiffieHellman(AppendixC.GetProperty("alice_ephemeral_jwk").GetRawText());
        using var bob = PrivateJsonWebKey.ReadECDiffieHellman(AppendixC.GetProperty("bob_static_jwk").GetRawText());

        Assert.Equal(Bytes("z"), alice.DeriveRawSecretAgreement(bob.PublicKey));
        Assert.Equal(Bytes("z"), bob.DeriveRawSecretAgreement(alice.PublicKey));
    }

    [Fact]
    public void Rfc_7518_appendix_c_concat_kdf_derives_the_published_key_and_not_for_other_party_info()
    {
        var key = new byte[16];
        ConcatKdf.DeriveKey(Bytes("z"), "A128GCM", "Alice"u8, "Bob"u8, key);
        var swapped = new byte[16];
        ConcatKdf.DeriveKey(Bytes("z"), "A128GCM", "Bob"u8, "Alice"u8, swapped);

        Assert.Equal(Bytes("derived_key"), key);
        Assert.Equal(AppendixC.GetProperty("derived_key_base64url").GetString(), Base64UrlEncoding.Encode(key));
        Assert.NotEqual(key, swapped);
    }

    [Fact]
    public void Rfc_7518_appendix_c_header_decrypts_with_bobs_key_only_under_the_published_derived_key()
    {
        // A JWE under the Appendix C header, sealed here with the published derived key: Honnin, holding only Bob's
        // private key, must derive that same key from epk, apu and apv to open it.
        var encodedHeader = Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(AppendixC.GetProperty("header").GetRawText()));
        var text = Seal(encodedHeader, Bytes("derived_key"), "Appendix C"u8);
        using var bob = PrivateJsonWebKey.ReadECDiffieHellman(AppendixC.GetProperty("bob_static_jwk").GetRawText());
        using var alice = PrivateJsonWebKey.ReadECDiffieHellman(AppendixC.GetProperty("alice_ephemeral_jwk").GetRawText());

        var jwe = CompactJwe.Parse(text);

        Assert.Equal("Appendix C"u8.ToArray(), jwe.Decrypt(bob));
        Assert.Equal("Alice"u8.ToArray(), jwe.AgreementPartyUInfo.ToArray());
        Assert.Equal("Bob"u8.ToArray(), jwe.AgreementPartyVInfo.ToArray());
        Assert.False(jwe.TryDecrypt(alice, out _, out var error));
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, error.Code);
    }

    [Fact]
    public void Rfc_7518_appendix_c_header_with_another_apv_fails_to_decrypt()
    {
        var header = JsonNode.Parse(AppendixC.GetProperty("header").GetRawText())!.AsObject();
        header["apv"] = Base64UrlEncoding.Encode("Eve"u8);
        var text = Seal(Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())), Bytes("derived_key"), "Appendix C"u8);
        using var bob = PrivateJsonWebKey.ReadECDiffieHellman(AppendixC.GetProperty("bob_static_jwk").GetRawText());

        Assert.False(CompactJwe.Parse(text).TryDecrypt(bob, out _, out var error));
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, error.Code);
    }

    [Fact]
    public void OpenId4Vp_encrypted_response_example_decrypts_with_the_published_verifier_key()
    {
        using var verifier = PrivateJsonWebKey.ReadECDiffieHellman(OpenId4Vp.GetProperty("verifier_private_jwk").GetRawText());
        var jwe = CompactJwe.Parse(OpenId4Vp.GetProperty("response").GetString()!);

        var payload = StrictJson.ParseObject(jwe.Decrypt(verifier, new HashSet<string> { JweAlgorithms.A128Gcm }));

        Assert.Equal(JweAlgorithms.EcdhEs, jwe.Algorithm);
        Assert.Equal(JweAlgorithms.A128Gcm, jwe.Encryption);
        Assert.Equal("ac", jwe.KeyId);
        Assert.Equal("nnmVpm3V3jbhcafQaRBkSVNHlwZHwt-9rOpJufyYIuk", jwe.EphemeralKey.ToJsonObject()["x"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OpenId4Vp.GetProperty("header").GetRawText()), jwe.GetHeader()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OpenId4Vp.GetProperty("payload_object").GetRawText()), payload));
    }

    [Fact]
    public void OpenId4Vp_encrypted_response_example_fails_with_another_key_or_a_disallowed_enc()
    {
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = PrivateJsonWebKey.ReadECDiffieHellman(OpenId4Vp.GetProperty("verifier_private_jwk").GetRawText());
        var jwe = CompactJwe.Parse(OpenId4Vp.GetProperty("response").GetString()!);

        Assert.False(jwe.TryDecrypt(other, out _, out var wrongKey));
        Assert.False(jwe.TryDecrypt(verifier, out _, out var disallowed, new HashSet<string> { JweAlgorithms.A256Gcm }));

        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, wrongKey.Code);
        Assert.Equal(JoseFailureCodes.JweUnsupportedEncryption, disallowed.Code);
    }

    private static byte[] Bytes(string name) => AppendixC.GetProperty(name).EnumerateArray().Select(e => e.GetByte()).ToArray();

    private static string Seal(string encodedHeader, byte[] key, ReadOnlySpan<byte> plaintext)
    {
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(encodedHeader));
        return encodedHeader + ".." + Base64UrlEncoding.Encode(iv) + "." + Base64UrlEncoding.Encode(ciphertext) + "." + Base64UrlEncoding.Encode(tag);
    }
}
