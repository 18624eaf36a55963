using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Core.Tests.Jose;

/// <summary>Compact ECDH-ES JWE (RFC 7516, RFC 7518 §4.6 and §5.3): round trips, strict parsing, and fail-closed decryption.</summary>
public sealed class CompactJweTests : IDisposable
{
    private static readonly ECDiffieHellman SharedRecipient = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDiffieHellman _recipient = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    private JsonWebKey RecipientJwk => JsonWebKey.FromCoseKey(CoseKey.FromECDsa(_recipient), "verifier-1");

    public void Dispose() => _recipient.Dispose();

    [Theory]
    [InlineData(JweAlgorithms.A128Gcm)]
    [InlineData(JweAlgorithms.A256Gcm)]
    public void Encrypted_response_decrypts_with_the_recipient_key_and_names_its_header(string enc)
    {
        var plaintext = "{\"vp_token\":{\"pid\":[\"eyJ...\"]},\"state\":\"s-1\"}"u8.ToArray();

        var text = CompactJwe.Encrypt(plaintext, RecipientJwk, enc, "verifier-1", "wallet-nonce"u8, "verifier-nonce"u8);
        var jwe = CompactJwe.Parse(text);

        Assert.Equal(plaintext, jwe.Decrypt(_recipient));
        Assert.Equal(JweAlgorithms.EcdhEs, jwe.Algorithm);
        Assert.Equal(enc, jwe.Encryption);
        Assert.Equal("verifier-1", jwe.KeyId);
        Assert.Equal("wallet-nonce"u8.ToArray(), jwe.AgreementPartyUInfo.ToArray());
        Assert.Equal("verifier-nonce"u8.ToArray(), jwe.AgreementPartyVInfo.ToArray());
        Assert.Equal(12, jwe.InitializationVector.Length);
        Assert.Equal(16, jwe.AuthenticationTag.Length);
        Assert.Equal(plaintext.Length, jwe.Ciphertext.Length);
        Assert.Equal(text, jwe.Text);
    }

    [Fact]
    public void Encryption_without_kid_apu_or_apv_writes_only_alg_enc_and_a_public_epk()
    {
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt("x"u8, RecipientJwk, JweAlgorithms.A128Gcm));
        var header = jwe.GetHeader();

        Assert.Equal(["alg", "enc", "epk"], header.Select(p => p.Key).ToArray());
        Assert.Equal(["kty", "crv", "x", "y"], header["epk"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Null(jwe.KeyId);
        Assert.True(jwe.AgreementPartyUInfo.IsEmpty);
        Assert.Equal("x"u8.ToArray(), jwe.Decrypt(_recipient));
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_ephemeral_key_and_iv()
    {
        var first = CompactJwe.Parse(CompactJwe.Encrypt("same"u8, RecipientJwk, JweAlgorithms.A128Gcm));
        var second = CompactJwe.Parse(CompactJwe.Encrypt("same"u8, RecipientJwk, JweAlgorithms.A128Gcm));

        Assert.NotEqual(first.EphemeralKey.ComputeThumbprint(), second.EphemeralKey.ComputeThumbprint());
        Assert.False(first.InitializationVector.Span.SequenceEqual(second.InitializationVector.Span));
        Assert.False(first.Ciphertext.Span.SequenceEqual(second.Ciphertext.Span));
    }

    [Fact]
    public void Empty_plaintext_round_trips()
    {
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt([], RecipientJwk, JweAlgorithms.A256Gcm));

        Assert.Empty(jwe.Decrypt(_recipient));
    }

    [Fact]
    public async Task A_key_behind_IKeyAgreement_decrypts_and_another_does_not()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt("hsm"u8, JsonWebKey.FromCoseKey(signer.PublicKey), JweAlgorithms.A256Gcm));

        Assert.Equal("hsm"u8.ToArray(), await jwe.DecryptAsync(signer));
        var error = await Assert.ThrowsAsync<CredentialFormatException>(async () => await jwe.DecryptAsync(other));
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, error.Code);
    }

    [Fact]
    public void Decryption_with_another_key_fails_with_decryption_failed_and_no_plaintext()
    {
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt("secret claim value"u8, RecipientJwk, JweAlgorithms.A128Gcm));
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(jwe.TryDecrypt(other, out var plaintext, out var error));
        Assert.Null(plaintext);
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, error.Code);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_caller_can_restrict_enc_and_a_restriction_outside_the_supported_set_is_a_programmer_error()
    {
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt("x"u8, RecipientJwk, JweAlgorithms.A256Gcm));

        Assert.False(jwe.TryDecrypt(_recipient, out _, out var error, new HashSet<string> { JweAlgorithms.A128Gcm }));
        Assert.Equal(JoseFailureCodes.JweUnsupportedEncryption, error.Code);
        Assert.Equal("x"u8.ToArray(), jwe.Decrypt(_recipient, new HashSet<string> { JweAlgorithms.A128Gcm, JweAlgorithms.A256Gcm }));
        Assert.Throws<ArgumentException>(() => jwe.Decrypt(_recipient, new HashSet<string>()));
        Assert.Throws<ArgumentException>(() => jwe.Decrypt(_recipient, new HashSet<string> { "A128CBC-HS256" }));
    }

    [Fact]
    public async Task Keys_and_enc_that_do_not_fit_are_programmer_errors()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        using var ed25519 = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        using var es384 = SoftwareSigner.Generate(CoseAlgorithm.ES384);
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt("x"u8, RecipientJwk, JweAlgorithms.A128Gcm));

        Assert.Throws<ArgumentException>(() => CompactJwe.Encrypt("x"u8, JsonWebKey.FromCoseKey(CoseKey.FromECDsa(p384)), JweAlgorithms.A128Gcm));
        Assert.Throws<ArgumentException>(() => CompactJwe.Encrypt("x"u8, JsonWebKey.FromCoseKey(ed25519.PublicKey), JweAlgorithms.A128Gcm));
        var parameters = _recipient.ExportParameters(includePrivateParameters: false);
        parameters.Q.Y![^1] ^= 0x01;
        Assert.Throws<ArgumentException>(() => CompactJwe.Encrypt("x"u8, JsonWebKey.FromCoseKey(CoseKey.FromECParameters(parameters)), JweAlgorithms.A128Gcm));
        Assert.Throws<ArgumentException>(() => CompactJwe.Encrypt("x"u8, RecipientJwk, "A192GCM"));
        Assert.Throws<ArgumentException>(() => CompactJwe.Encrypt("x"u8, RecipientJwk, "A128CBC-HS256"));
        Assert.Throws<ArgumentException>(() => jwe.Decrypt(p384));
        await Assert.ThrowsAsync<ArgumentException>(async () => await jwe.DecryptAsync(es384));
    }

    [Theory]
    [InlineData("{\"alg\":\"ECDH-ES+A128KW\",\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"ecdh-es\",\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"ES256\",\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedAlgorithm)]
    [InlineData("{\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":1,\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128CBC-HS256\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedEncryption)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A192GCM\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedEncryption)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"a128gcm\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedEncryption)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"zip\":\"DEF\",\"epk\":EPK}", JoseFailureCodes.JweUnsupportedCompression)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"crit\":[\"exp\"],\"exp\":1,\"epk\":EPK}", JoseFailureCodes.UnknownCriticalHeader)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"alg\":\"dir\",\"enc\":\"A128GCM\",\"epk\":EPK}", JoseFailureCodes.DuplicateMember)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"kid\":7,\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"typ\":null,\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"apu\":\"QWxpY2U=\",\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"apv\":42,\"epk\":EPK}", JoseFailureCodes.JweMalformed)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\"}", JoseFailureCodes.JweInvalidEphemeralKey)]
    [InlineData("{\"alg\":\"ECDH-ES\",\"enc\":\"A128GCM\",\"epk\":\"P-256\"}", JoseFailureCodes.JweInvalidEphemeralKey)]
    [InlineData("[\"ECDH-ES\"]", JoseFailureCodes.JweMalformed)]
    public void Unacceptable_headers_are_rejected_with_their_code(string header, string code)
    {
        var epk = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(SharedRecipient)).ToJson();
        var text = WithHeader(header.Replace("EPK", epk, StringComparison.Ordinal));

        Assert.False(CompactJwe.TryParse(text, out _, out var error));
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("RSA-OAEP")]
    [InlineData("ECDH-ES+A128KW")]
    [InlineData("A128KW")]
    public void A_key_wrapping_jwe_with_an_encrypted_key_is_reported_as_an_unsupported_algorithm(string alg)
    {
        var epk = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(SharedRecipient)).ToJsonObject();
        var header = new JsonObject { ["alg"] = alg, ["enc"] = "A128GCM", ["epk"] = epk };
        var text = Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header)) + "." + Base64UrlEncoding.Encode(new byte[24]) + "."
            + Base64UrlEncoding.Encode(new byte[12]) + ".AAAA." + Base64UrlEncoding.Encode(new byte[16]);

        Assert.False(CompactJwe.TryParse(text, out _, out var error));
        Assert.Equal(JoseFailureCodes.JweUnsupportedAlgorithm, error.Code);
    }

    [Theory]
    [InlineData("P-384")]
    [InlineData("off-curve")]
    [InlineData("private")]
    [InlineData("x25519")]
    [InlineData("short")]
    public void Ephemeral_keys_that_are_not_public_P256_points_are_rejected_before_any_key_agreement(string kind)
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var epk = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(SharedRecipient)).ToJsonObject();
        switch (kind)
        {
            case "P-384":
                epk = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(p384)).ToJsonObject();
                break;
            case "off-curve":
                // An invalid-curve point: y + 1 is not on P-256 (y² = x³ − 3x + b fails).
                var y = Base64UrlEncoding.Decode(epk["y"]!.GetValue<string>());
                y[^1] ^= 0x01;
                epk["y"] = Base64UrlEncoding.Encode(y);
                break;
            case "private":
                epk["d"] = Base64UrlEncoding.Encode(new byte[32]);
                break;
            case "x25519":
                epk = new JsonObject { ["kty"] = "OKP", ["crv"] = "X25519", ["x"] = Base64UrlEncoding.Encode(new byte[32]) };
                break;
            default:
                epk["x"] = Base64UrlEncoding.Encode(new byte[31]);
                break;
        }

        var header = new JsonObject { ["alg"] = "ECDH-ES", ["enc"] = "A128GCM", ["epk"] = epk };

        Assert.False(CompactJwe.TryParse(WithHeader(header.ToJsonString()), out _, out var error));
        Assert.Equal(JoseFailureCodes.JweInvalidEphemeralKey, error.Code);
    }

    [Theory]
    [InlineData(4, -1, JoseFailureCodes.JweMalformed)]
    [InlineData(6, -1, JoseFailureCodes.JweMalformed)]
    [InlineData(5, 1, JoseFailureCodes.JweMalformed)]
    [InlineData(5, 2, JoseFailureCodes.JweMalformed)]
    [InlineData(5, 3, JoseFailureCodes.JweMalformed)]
    [InlineData(5, 4, JoseFailureCodes.JweMalformed)]
    [InlineData(5, 5, JoseFailureCodes.InvalidBase64Url)]
    [InlineData(5, 6, JoseFailureCodes.JweMalformed)]
    public void Structurally_wrong_jwes_are_rejected_with_their_code(int partCount, int fault, string code)
    {
        var parts = CompactJwe.Encrypt("payload"u8, RecipientJwk, JweAlgorithms.A128Gcm).Split('.').ToList();
        while (parts.Count > partCount)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        while (parts.Count < partCount)
        {
            parts.Add("AAAA");
        }

        switch (fault)
        {
            case 1: parts[1] = "AAAA"; break; // an encrypted key, which ECDH-ES direct agreement never has
            case 2: parts[2] = Base64UrlEncoding.Encode(new byte[16]); break; // a 128-bit IV
            case 3: parts[2] = Base64UrlEncoding.Encode(new byte[8]); break;
            case 4: parts[4] = Base64UrlEncoding.Encode(new byte[12]); break; // a truncated 96-bit tag
            case 5: parts[3] += "="; break;
            case 6: parts[0] = ""; break;
        }

        Assert.False(CompactJwe.TryParse(string.Join('.', parts), out _, out var error));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Oversized_jwe_and_oversized_header_are_rejected_as_too_large()
    {
        var text = CompactJwe.Encrypt("x"u8, RecipientJwk, JweAlgorithms.A128Gcm);
        var parts = text.Split('.');
        var huge = parts[0] + "..AAAAAAAAAAAAAAAA." + new string('A', CompactJwe.MaxLength) + "." + parts[4];

        Assert.False(CompactJwe.TryParse(huge, out _, out var tooLong));
        Assert.False(CompactJwe.TryParse(text, out _, out var headerTooLong, new StrictJsonOptions { MaxInputLength = 64 }));
        Assert.Equal(JoseFailureCodes.JweTooLarge, tooLong.Code);
        Assert.Equal(JoseFailureCodes.JweTooLarge, headerTooLong.Code);
        Assert.True(CompactJwe.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_flipped_bit_in_header_iv_ciphertext_or_tag_fails_decryption(int part)
    {
        var parts = CompactJwe.Encrypt("{\"vp_token\":{}}"u8, RecipientJwk, JweAlgorithms.A128Gcm, "k").Split('.');
        if (part == 0)
        {
            // A header that still parses but differs: the AAD no longer matches.
            var header = StrictJson.ParseObject(Base64UrlEncoding.Decode(parts[0]));
            header["kid"] = "l";
            parts[0] = Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header));
        }
        else
        {
            var bytes = Base64UrlEncoding.Decode(parts[part]);
            bytes[0] ^= 0x80;
            parts[part] = Base64UrlEncoding.Encode(bytes);
        }

        var jwe = CompactJwe.Parse(string.Join('.', parts));

        Assert.False(jwe.TryDecrypt(_recipient, out _, out var error));
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, error.Code);
    }

    [Fact]
    public void A_replaced_ephemeral_key_fails_decryption()
    {
        var parts = CompactJwe.Encrypt("x"u8, RecipientJwk, JweAlgorithms.A128Gcm).Split('.');
        using var attacker = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var header = StrictJson.ParseObject(Base64UrlEncoding.Decode(parts[0]));
        header["epk"] = JsonWebKey.FromCoseKey(CoseKey.FromECDsa(attacker)).ToJsonObject();
        parts[0] = Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(header));

        Assert.False(CompactJwe.Parse(string.Join('.', parts)).TryDecrypt(_recipient, out _, out var error));
        Assert.Equal(JoseFailureCodes.JweDecryptionFailed, error.Code);
    }

    [Property(MaxTest = 40, Replay = "(1516,2719)")]
    public bool Any_plaintext_round_trips_under_either_enc(byte[] plaintext, bool wide)
    {
        var enc = wide ? JweAlgorithms.A256Gcm : JweAlgorithms.A128Gcm;
        var jwe = CompactJwe.Parse(CompactJwe.Encrypt(plaintext, JsonWebKey.FromCoseKey(CoseKey.FromECDsa(SharedRecipient)), enc));
        return jwe.Decrypt(SharedRecipient).AsSpan().SequenceEqual(plaintext) && jwe.Encryption == enc;
    }

    [Property(MaxTest = 60, Replay = "(3141,5927)")]
    public Property Changing_any_character_of_the_jwe_fails_closed(NonEmptyArray<byte> plaintext, PositiveInt position, char replacement)
    {
        var text = CompactJwe.Encrypt(plaintext.Get, JsonWebKey.FromCoseKey(CoseKey.FromECDsa(SharedRecipient)), JweAlgorithms.A128Gcm, "k", "u"u8, "v"u8);
        var index = position.Get % text.Length;
        var changed = text[..index] + replacement + text[(index + 1)..];
        var failsClosed = changed == text
            || !CompactJwe.TryParse(changed, out var jwe, out _)
            || !jwe.TryDecrypt(SharedRecipient, out _, out _);
        return failsClosed.Label($"index {index}");
    }

    private static string WithHeader(string headerJson) =>
        Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(headerJson)) + ".." + Base64UrlEncoding.Encode(new byte[12]) + ".AAAA." + Base64UrlEncoding.Encode(new byte[16]);
}
