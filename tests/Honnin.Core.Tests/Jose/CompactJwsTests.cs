using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Tests;

namespace Honnin.Core.Tests.Jose;

/// <summary>Compact JWS (RFC 7515) created through <see cref="ISigner"/> and verified over the received bytes.</summary>
public sealed class CompactJwsTests
{
    [Theory]
    [InlineData(CoseAlgorithm.ES256, "ES256")]
    [InlineData(CoseAlgorithm.ES384, "ES384")]
    [InlineData(CoseAlgorithm.ES512, "ES512")]
    [InlineData(CoseAlgorithm.EdDSA, "EdDSA")]
    public async Task Created_jws_verifies_with_the_signer_key_and_names_its_algorithm(CoseAlgorithm algorithm, string name)
    {
        using var signer = SoftwareSigner.Generate(algorithm, "key-1");
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = "example+jwt" }, new JsonObject { ["sub"] = "x" }, signer);

        Assert.True(jws.VerifySignature(signer.PublicKey));
        Assert.Equal(algorithm, jws.Algorithm);
        Assert.Equal("example+jwt", jws.Type);
        Assert.Equal("key-1", jws.KeyId);
        Assert.Equal(name, jws.GetHeader()["alg"]!.GetValue<string>());
        Assert.Equal("x", jws.ReadPayloadObject()["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tampered_payload_or_other_key_fails_verification()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var other = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var ed = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        var jws = await CompactJws.CreateAsync([], new JsonObject { ["sub"] = "x" }, signer);
        var tampered = CompactJws.Parse(jws.EncodedHeader + "." + Base64UrlEncoding.Encode("{\"sub\":\"y\"}"u8) + "." + jws.EncodedSignature);

        Assert.False(tampered.VerifySignature(signer.PublicKey));
        Assert.False(jws.VerifySignature(other.PublicKey));
        Assert.False(jws.VerifySignature(ed.PublicKey));
    }

    [Fact]
    public void Rfc_9901_issuer_jwt_verifies_over_its_received_header_with_spaces()
    {
        // RFC 9901 §5 (tests/vectors/sdjwt/rfc9901-draft22/example-5-basic-with-kb.json): the header JSON has spaces, so
        // re-encoding it would change the signing input.
        var vector = Vectors.Load("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json").RootElement;
        var jws = CompactJws.Parse(vector.GetProperty("issuer_signed_jwt").GetString()!);
        var key = JsonWebKey.Parse("""{"kty":"EC","crv":"P-256","x":"b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ","y":"Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}""");

        Assert.Equal("{\"alg\": \"ES256\", \"typ\": \"example+sd-jwt\"}", Encoding.UTF8.GetString(Base64UrlEncoding.Decode(jws.EncodedHeader)));
        Assert.True(jws.VerifySignature(key.Key));
        Assert.Equal(vector.GetProperty("issuer_signed_jwt").GetString(), jws.Text);
    }

    [Theory]
    [InlineData("{\"alg\":\"none\"}", JoseFailureCodes.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"HS256\"}", JoseFailureCodes.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"ES256K\"}", JoseFailureCodes.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"rs256\"}", JoseFailureCodes.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"es256\"}", JoseFailureCodes.UnsupportedAlgorithm)]
    [InlineData("{\"typ\":\"JWT\"}", JoseFailureCodes.Malformed)]
    [InlineData("{\"alg\":256}", JoseFailureCodes.Malformed)]
    [InlineData("{\"alg\":\"ES256\",\"typ\":1}", JoseFailureCodes.Malformed)]
    [InlineData("{\"alg\":\"ES256\",\"crit\":[\"b64\"],\"b64\":false}", JoseFailureCodes.UnknownCriticalHeader)]
    [InlineData("{\"alg\":\"ES256\",\"alg\":\"none\"}", JoseFailureCodes.DuplicateMember)]
    [InlineData("[\"ES256\"]", JoseFailureCodes.Malformed)]
    [InlineData("{\"alg\":\"ES256\",\"x5c\":\"MIIB\"}", JoseFailureCodes.Malformed)]
    [InlineData("{\"alg\":\"ES256\",\"x5c\":[\"not base64!\"]}", JoseFailureCodes.Malformed)]
    public void Unacceptable_headers_are_rejected(string header, string code)
    {
        var text = Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(header)) + ".e30.c2ln";

        Assert.False(CompactJws.TryParse(text, out _, out var error));
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("e30.e30")]
    [InlineData("e30.e30.c2ln.c2ln")]
    [InlineData(".e30.c2ln")]
    [InlineData("e30.e30.")]
    public void Text_that_is_not_three_parts_is_rejected(string text)
    {
        Assert.Equal(JoseFailureCodes.Malformed, Assert.Throws<CredentialFormatException>(() => CompactJws.Parse(text)).Code);
    }

    [Fact]
    public void Padded_parts_are_rejected()
    {
        var text = Base64UrlEncoding.Encode("{\"alg\":\"ES256\"}"u8) + ".e30=.c2ln";
        Assert.Equal(JoseFailureCodes.InvalidBase64Url, Assert.Throws<CredentialFormatException>(() => CompactJws.Parse(text)).Code);
    }

    [Fact]
    public void Non_string_kid_is_ignored_rather_than_trusted()
    {
        // sd-jwt-python's header_mod case writes "kid": 42.
        var text = Base64UrlEncoding.Encode("{\"alg\":\"ES256\",\"kid\":42}"u8) + ".e30.c2ln";
        Assert.Null(CompactJws.Parse(text).KeyId);
    }

    [Fact]
    public async Task Creating_with_a_conflicting_alg_or_crit_is_a_programmer_error()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        await Assert.ThrowsAsync<ArgumentException>(async () => await CompactJws.CreateAsync(new JsonObject { ["alg"] = "EdDSA" }, new JsonObject(), signer));
        await Assert.ThrowsAsync<ArgumentException>(async () => await CompactJws.CreateAsync(new JsonObject { ["crit"] = new JsonArray("x") }, new JsonObject(), signer));
    }
}
