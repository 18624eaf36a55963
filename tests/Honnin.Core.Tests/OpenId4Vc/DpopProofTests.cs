using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Core.Tests.OpenId4Vc;

/// <summary>
/// DPoP proofs as a client makes them (RFC 9449 §4.2): typed, the public key by value and nothing private, a fresh
/// <c>jti</c> each time, <c>htu</c> without query or fragment, and <c>ath</c> the hash of the access token.
/// </summary>
public sealed class DpopProofTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CoseAlgorithm.ES256)]
    [InlineData(CoseAlgorithm.EdDSA)]
    public async Task A_proof_carries_the_header_and_claims_of_rfc_9449(CoseAlgorithm algorithm)
    {
        using var signer = SoftwareSigner.Generate(algorithm, keyId: "device-key-1");

        var text = await DpopProof.CreateAsync(signer, "POST", new Uri("https://Issuer.Example.JP:443/token?x=1#f"), Now, nonce: "n-1", accessToken: "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU");
        var jws = CompactJws.Parse(text);
        var header = jws.GetHeader();
        var claims = jws.ReadPayloadObject();

        Assert.Equal("dpop+jwt", jws.Type);
        Assert.Equal(algorithm, jws.Algorithm);
        Assert.Equal(["alg", "typ", "jwk"], header.Select(p => p.Key));
        Assert.False(header["jwk"]!.AsObject().ContainsKey("d"));
        Assert.False(header["jwk"]!.AsObject().ContainsKey("kid"));
        Assert.True(jws.VerifySignature(JsonWebKey.FromJson(header["jwk"]!.AsObject()).Key));
        Assert.Equal("POST", claims["htm"]!.GetValue<string>());
        Assert.Equal("https://issuer.example.jp/token", claims["htu"]!.GetValue<string>());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims["iat"]!.GetValue<long>());
        Assert.Equal("n-1", claims["nonce"]!.GetValue<string>());
        Assert.Equal("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", claims["ath"]!.GetValue<string>());
        Assert.True(Base64UrlEncoding.Decode(claims["jti"]!.GetValue<string>()).Length >= 16);
    }

    [Fact]
    public async Task Each_proof_has_its_own_jti_and_leaves_out_nonce_and_ath_when_not_given()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var url = new Uri("https://issuer.example.jp/token");

        var first = CompactJws.Parse(await DpopProof.CreateAsync(signer, "POST", url, Now)).ReadPayloadObject();
        var second = CompactJws.Parse(await DpopProof.CreateAsync(signer, "POST", url, Now)).ReadPayloadObject();

        Assert.NotEqual(first["jti"]!.GetValue<string>(), second["jti"]!.GetValue<string>());
        Assert.Equal(["jti", "htm", "htu", "iat"], first.Select(p => p.Key));
    }

    [Fact]
    public void The_access_token_hash_is_the_one_of_rfc_9449_section_7_1()
    {
        // RFC 9449 §7.1, Figures 12 and 13: the access token and the ath of the proof that accompanies it.
        Assert.Equal("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", DpopProof.AccessTokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));
        Assert.Throws<ArgumentException>(() => DpopProof.AccessTokenHash("トークン"));
        Assert.Throws<ArgumentException>(() => DpopProof.AccessTokenHash(string.Empty));
    }

    [Theory]
    [InlineData("https://issuer.example.jp/credential", "https://issuer.example.jp/credential")]
    [InlineData("HTTPS://ISSUER.Example.JP/credential", "https://issuer.example.jp/credential")]
    [InlineData("https://issuer.example.jp:443/credential", "https://issuer.example.jp/credential")]
    [InlineData("http://localhost:80/token", "http://localhost/token")]
    [InlineData("https://issuer.example.jp:8443/credential", "https://issuer.example.jp:8443/credential")]
    [InlineData("https://issuer.example.jp", "https://issuer.example.jp/")]
    [InlineData("https://issuer.example.jp/credential?a=1&b=2#frag", "https://issuer.example.jp/credential")]
    [InlineData("https://user:pw@issuer.example.jp/credential", "https://issuer.example.jp/credential")]
    [InlineData("https://issuer.example.jp/a/../credential", "https://issuer.example.jp/credential")]
    [InlineData("https://issuer.example.jp/%7Ehr/credential", "https://issuer.example.jp/~hr/credential")]
    [InlineData("https://issuer.example.jp/Credential", "https://issuer.example.jp/Credential")]
    [InlineData("https://[::1]:8443/token", "https://[::1]:8443/token")]
    public void Urls_are_normalised_to_their_htu_form(string url, string htu)
    {
        Assert.Equal(htu, DpopProof.NormalizeHtu(new Uri(url)));
        Assert.True(DpopProof.TryNormalizeHtu(url, out var read));
        Assert.Equal(htu, read);
    }

    [Theory]
    [InlineData("/credential")]
    [InlineData("ftp://issuer.example.jp/credential")]
    [InlineData("urn:example:credential")]
    [InlineData("not a url")]
    public void Only_absolute_http_urls_have_an_htu_form(string text)
    {
        Assert.False(DpopProof.TryNormalizeHtu(text, out _));
        if (Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var url))
        {
            Assert.Throws<ArgumentException>(() => DpopProof.NormalizeHtu(url));
        }
    }
}
