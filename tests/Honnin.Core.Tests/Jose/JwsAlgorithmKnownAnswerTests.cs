using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Tests;

namespace Honnin.Core.Tests.Jose;

/// <summary>
/// RS256 and ES512 against the RFC 7515 examples (Appendix A.2 and A.4; the values are the RFC's own, as copied in many
/// JOSE libraries' tests), RSA JWKs against RFC 7638 §3.1, and the RSA family round-tripped through a signer with the
/// rules around it: 2048-bit minimum, minimal Base64urlUInt, no private members, no algorithm confusion. Each known
/// answer sits beside its negative twin.
/// </summary>
public sealed class JwsAlgorithmKnownAnswerTests
{
    // RFC 7515 Appendix A.2: {"alg":"RS256"} over the A.1 JWT claims, and the RSA public key of A.2.1.
    private const string A2Header = "eyJhbGciOiJSUzI1NiJ9";
    private const string A1Payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private const string A2Signature =
        "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm" +
        "4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--" +
        "f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383Lc" +
        "OLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUi" +
        "pUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

    private const string A2Modulus =
        "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4" +
        "qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2j" +
        "Z47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7W" +
        "TBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK" +
        "-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";

    // RFC 7515 Appendix A.4: {"alg":"ES512"} over the payload "Payload", and the P-521 public key of A.4.1.
    private const string A4Header = "eyJhbGciOiJFUzUxMiJ9";
    private const string A4Payload = "UGF5bG9hZA";
    private const string A4Signature =
        "AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI" +
        "-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO" +
        "7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

    private const string A4X = "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk";
    private const string A4Y = "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2";

    // RFC 7638 §3.1: the example RSA key and its SHA-256 JWK thumbprint.
    private const string Rfc7638Modulus =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    private static JsonWebKey A2Key => JsonWebKey.Parse($$"""{"kty":"RSA","n":"{{A2Modulus}}","e":"AQAB"}""");

    private static JsonWebKey A4Key => JsonWebKey.Parse($$"""{"kty":"EC","crv":"P-521","x":"{{A4X}}","y":"{{A4Y}}"}""");

    [Fact]
    public void Rfc_7515_a2_rs256_example_verifies()
    {
        var jws = CompactJws.Parse(A2Header + "." + A1Payload + "." + A2Signature);

        Assert.Equal(CoseAlgorithm.RS256, jws.Algorithm);
        Assert.Equal(2048, A2Key.Key.RsaKeySize);
        Assert.True(jws.VerifySignature(A2Key.Key));
        using var rsa = A2Key.Key.ToRsa();
        Assert.True(jws.VerifySignature(rsa));
    }

    [Fact]
    public void Rfc_7515_a2_example_fails_with_a_changed_payload_signature_or_algorithm()
    {
        var changedPayload = CompactJws.Parse(A2Header + "." + ChangeCharacter(A1Payload) + "." + A2Signature);
        var changedSignature = CompactJws.Parse(A2Header + "." + A1Payload + "." + ChangeCharacter(A2Signature));
        var asPs256 = CompactJws.Parse(Base64UrlEncoding.Encode("{\"alg\":\"PS256\"}"u8) + "." + A1Payload + "." + A2Signature);
        var asRs384 = CompactJws.Parse(Base64UrlEncoding.Encode("{\"alg\":\"RS384\"}"u8) + "." + A1Payload + "." + A2Signature);

        Assert.False(changedPayload.VerifySignature(A2Key.Key));
        Assert.False(changedSignature.VerifySignature(A2Key.Key));
        Assert.False(asPs256.VerifySignature(A2Key.Key));
        Assert.False(asRs384.VerifySignature(A2Key.Key));
    }

    [Fact]
    public void Rfc_7515_a2_signature_never_verifies_with_an_ec_key_or_as_ecdsa()
    {
        var jws = CompactJws.Parse(A2Header + "." + A1Payload + "." + A2Signature);
        var asEs256 = CompactJws.Parse(Base64UrlEncoding.Encode("{\"alg\":\"ES256\"}"u8) + "." + A1Payload + "." + A2Signature);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(jws.VerifySignature(CoseKey.FromECDsa(ec)));
        Assert.False(asEs256.VerifySignature(A2Key.Key));
    }

    [Fact]
    public void Rfc_7515_a4_es512_example_verifies()
    {
        var jws = CompactJws.Parse(A4Header + "." + A4Payload + "." + A4Signature);

        Assert.Equal(CoseAlgorithm.ES512, jws.Algorithm);
        Assert.True(jws.VerifySignature(A4Key.Key));
    }

    [Fact]
    public void Rfc_7515_a4_example_fails_with_a_changed_payload_or_as_es384()
    {
        var changed = CompactJws.Parse(A4Header + "." + ChangeCharacter(A4Payload) + "." + A4Signature);
        var asEs384 = CompactJws.Parse(Base64UrlEncoding.Encode("{\"alg\":\"ES384\"}"u8) + "." + A4Payload + "." + A4Signature);

        Assert.False(changed.VerifySignature(A4Key.Key));
        Assert.False(asEs384.VerifySignature(A4Key.Key));
    }

    [Fact]
    public void Rfc_7638_rsa_thumbprint()
    {
        var key = JsonWebKey.Parse($$"""{"kty":"RSA","n":"{{Rfc7638Modulus}}","e":"AQAB","alg":"RS256","kid":"2011-04-29"}""");

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", key.ComputeThumbprint());
        Assert.Equal("RSA", key.KeyType);
        Assert.Null(key.Curve);
        Assert.Equal("2011-04-29", key.KeyId);
    }

    [Fact]
    public void An_rsa_jwk_round_trips_and_prints_no_key_material()
    {
        var json = A2Key.ToJsonObject();

        Assert.Equal("RSA", json["kty"]!.GetValue<string>());
        Assert.Equal(A2Modulus, json["n"]!.GetValue<string>());
        Assert.Equal("AQAB", json["e"]!.GetValue<string>());
        Assert.False(json.ContainsKey("crv"));
        Assert.Equal(A2Key.ComputeThumbprint(), JsonWebKey.FromJson(json).ComputeThumbprint());
        Assert.Equal("JsonWebKey(RSA 2048)", A2Key.ToString());
        Assert.Equal("CoseKey(RSA 2048)", A2Key.Key.ToString());
    }

    [Theory]
    [InlineData(CoseAlgorithm.RS256)]
    [InlineData(CoseAlgorithm.RS384)]
    [InlineData(CoseAlgorithm.RS512)]
    [InlineData(CoseAlgorithm.PS256)]
    [InlineData(CoseAlgorithm.PS384)]
    [InlineData(CoseAlgorithm.PS512)]
    public async Task Every_rsa_algorithm_signs_and_verifies_and_refuses_the_others(CoseAlgorithm algorithm)
    {
        using var signer = new RsaTestSigner(algorithm);
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = "JWT" }, new JsonObject { ["sub"] = "x" }, signer);
        var parsed = CompactJws.Parse(jws.Text);

        Assert.Equal(algorithm, parsed.Algorithm);
        Assert.Equal(JwsAlgorithms.ToName(algorithm), parsed.GetHeader()["alg"]!.GetValue<string>());
        Assert.True(parsed.VerifySignature(signer.PublicKey));

        // The same signature under every other RSA algorithm name does not verify.
        foreach (var other in RsaAlgorithms.Where(a => a != algorithm))
        {
            var relabelled = CompactJws.Parse(Base64UrlEncoding.Encode(System.Text.Encoding.UTF8.GetBytes("{\"alg\":\"" + JwsAlgorithms.ToName(other) + "\",\"typ\":\"JWT\"}")) + "." + parsed.EncodedPayload + "." + parsed.EncodedSignature);
            Assert.False(relabelled.VerifySignature(signer.PublicKey), JwsAlgorithms.ToName(other));
        }

        using var stranger = new RsaTestSigner(algorithm);
        Assert.False(parsed.VerifySignature(stranger.PublicKey));
    }

    [Fact]
    public void A_key_shorter_than_2048_bits_is_refused_as_a_jwk_and_never_verifies()
    {
        using var small = RSA.Create(1024);
        var parameters = small.ExportParameters(includePrivateParameters: false);
        var json = $$"""{"kty":"RSA","n":"{{Base64UrlEncoding.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoding.Encode(parameters.Exponent)}}"}""";

        var error = Assert.Throws<CredentialFormatException>(() => JsonWebKey.Parse(json));
        Assert.Equal(JoseFailureCodes.InvalidKey, error.Code);
        Assert.Contains("2048", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CoseKey.FromRsa(small));

        var data = "data"u8.ToArray();
        var signature = small.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(small.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(Honnin.Crypto.SignatureVerifier.Verify(CoseAlgorithm.RS256, small, data, signature));
    }

    [Theory]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}\",\"e\":\"AAEAAQ\"}")] // a leading zero octet in e
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}\",\"e\":\"AQAA\"}")] // an even exponent
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}\",\"e\":\"AQ\"}")] // e = 1
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}\"}")] // no e
    [InlineData("{\"kty\":\"RSA\",\"e\":\"AQAB\"}")] // no n
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}=\",\"e\":\"AQAB\"}")] // padded base64
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}\",\"e\":\"AQAB\",\"d\":\"AQAB\"}")] // a private member
    [InlineData("{\"kty\":\"RSA\",\"n\":\"{0}\",\"e\":\"AQAB\",\"p\":\"AQAB\"}")]
    [InlineData("{\"kty\":\"RSA\",\"n\":1,\"e\":\"AQAB\"}")]
    public void A_malformed_rsa_jwk_is_refused(string template)
    {
        var json = template.Replace("{0}", A2Modulus, StringComparison.Ordinal);

        Assert.Equal(JoseFailureCodes.InvalidKey, Assert.Throws<CredentialFormatException>(() => JsonWebKey.Parse(json)).Code);
    }

    [Fact]
    public void A_modulus_with_a_leading_zero_octet_is_refused()
    {
        // RFC 7518 §2 Base64urlUInt: the minimum number of octets. The same modulus without the zero reads.
        var padded = Base64UrlEncoding.Encode([0, .. Base64UrlEncoding.Decode(A2Modulus)]);

        Assert.Equal(JoseFailureCodes.InvalidKey, Assert.Throws<CredentialFormatException>(() => JsonWebKey.Parse($$"""{"kty":"RSA","n":"{{padded}}","e":"AQAB"}""")).Code);
        Assert.Equal(2048, A2Key.Key.RsaKeySize);
    }

    [Fact]
    public void An_rsa_private_jwk_is_not_a_software_signer()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        var json = $$"""{"kty":"RSA","n":"{{Base64UrlEncoding.Encode(p.Modulus)}}","e":"{{Base64UrlEncoding.Encode(p.Exponent)}}","d":"{{Base64UrlEncoding.Encode(p.D)}}"}""";

        Assert.Equal(JoseFailureCodes.InvalidKey, Assert.Throws<CredentialFormatException>(() => PrivateJsonWebKey.ReadSigner(json)).Code);
    }

    [Fact]
    public void An_rsa_cose_key_is_written_per_rfc_8230_and_is_not_read_back_for_mdoc()
    {
        var encoded = Assert.IsType<Honnin.Cbor.CborMap>(A2Key.Key.Encoded);

        Assert.True(encoded.TryGetValue(1, out var kty) && kty is Honnin.Cbor.CborInteger { Value: var type } && type == 3);
        Assert.True(encoded.TryGetValue(-1, out var n) && ((Honnin.Cbor.CborByteString)n).Value.Length == 256);
        Assert.Equal(CoseKeyFailureCodes.InvalidKey, Assert.Throws<CredentialFormatException>(() => CoseKey.FromCbor(encoded)).Code);
    }

    [Fact]
    public void Cose_messages_refuse_rsa_algorithms()
    {
        // alg -257 (RS256) in a COSE_Sign1 protected header: mdoc signs with ECDSA or EdDSA only.
        var protectedHeader = Honnin.Cbor.CborMap.FromLabels((1, new Honnin.Cbor.CborInteger(-257))).EncodedBytes.ToArray();
        var sign1 = new Honnin.Cbor.CborArray(new Honnin.Cbor.CborByteString(protectedHeader), new Honnin.Cbor.CborMap([]), new Honnin.Cbor.CborByteString(new byte[] { 1 }), new Honnin.Cbor.CborByteString(new byte[256]));

        var error = Assert.Throws<CredentialFormatException>(() => CoseSign1Message.Decode(sign1.EncodedBytes));
        Assert.Equal(CoseFailureCodes.UnsupportedAlgorithm, error.Code);
    }

    private static readonly CoseAlgorithm[] RsaAlgorithms =
        [CoseAlgorithm.RS256, CoseAlgorithm.RS384, CoseAlgorithm.RS512, CoseAlgorithm.PS256, CoseAlgorithm.PS384, CoseAlgorithm.PS512];

    /// <summary>The text with its middle character replaced (never the last one, whose unused bits base64url fixes).</summary>
    private static string ChangeCharacter(string text)
    {
        var middle = text.Length / 2;
        return text[..middle] + (text[middle] == 'A' ? 'B' : 'A') + text[(middle + 1)..];
    }
}
