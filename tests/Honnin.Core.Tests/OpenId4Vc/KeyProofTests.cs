using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Core.Tests.OpenId4Vc;

/// <summary>
/// OpenID4VCI key proofs as a wallet makes them (Appendix F.1): typed, exactly one key reference (the public
/// <c>jwk</c>, never a <c>kid</c> beside it), <c>aud</c> the issuer, and <c>iss</c> only for a client with an identifier.
/// </summary>
public sealed class KeyProofTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CoseAlgorithm.ES256)]
    [InlineData(CoseAlgorithm.ES384)]
    [InlineData(CoseAlgorithm.EdDSA)]
    public async Task A_proof_names_its_key_once_and_carries_the_claims_of_appendix_f1(CoseAlgorithm algorithm)
    {
        using var signer = SoftwareSigner.Generate(algorithm, keyId: "wallet-key-7");

        var jws = CompactJws.Parse(await KeyProof.CreateAsync(signer, "https://payroll.example.jp", Now, "c-nonce-1", clientId: "wallet-client"));
        var header = jws.GetHeader();
        var claims = jws.ReadPayloadObject();

        Assert.Equal("openid4vci-proof+jwt", jws.Type);
        Assert.Equal(["alg", "typ", "jwk"], header.Select(p => p.Key));
        Assert.Null(jws.KeyId);
        var key = JsonWebKey.FromJson(header["jwk"]!.AsObject());
        Assert.True(jws.VerifySignature(key.Key));
        Assert.Equal(JsonWebKey.FromCoseKey(signer.PublicKey).ComputeThumbprint(), key.ComputeThumbprint());
        Assert.Equal("wallet-client", claims["iss"]!.GetValue<string>());
        Assert.Equal("https://payroll.example.jp", claims["aud"]!.GetValue<string>());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims["iat"]!.GetValue<long>());
        Assert.Equal("c-nonce-1", claims["nonce"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_anonymous_proof_has_no_iss_and_a_proof_without_nonce_has_no_nonce()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);

        var claims = CompactJws.Parse(await KeyProof.CreateAsync(signer, "https://payroll.example.jp", Now, nonce: null)).ReadPayloadObject();

        Assert.Equal(["aud", "iat"], claims.Select(p => p.Key));
        await Assert.ThrowsAsync<ArgumentException>(async () => await KeyProof.CreateAsync(signer, "https://payroll.example.jp", Now, "n", clientId: string.Empty));
        await Assert.ThrowsAsync<ArgumentException>(async () => await KeyProof.CreateAsync(signer, string.Empty, Now, "n"));
    }
}
