using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Honnin.Holder.SdJwt;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Interop.Tests;

/// <summary>
/// Honnin's protocol types, driven step by step (<see cref="StepwiseWallet"/>), receive SD-JWT VCs from an issuer
/// written with @openid4vc/openid4vci, @openid4vc/oauth2 and @sd-jwt/sd-jwt-vc (tests/interop/vci-issuer.mjs) over
/// loopback HTTP; each message is checked on its own here. Honnin's wallet client runs against the same peer in
/// <see cref="HonninWalletClientReceivesFromPeerIssuerTests"/>.
/// </summary>
public sealed class HonninWalletStepsReceiveFromPeerIssuerTests
{
    [Fact]
    public async Task A_batch_of_two_arrives_each_bound_to_its_proven_key_and_verifies_with_the_peers_key()
    {
        await using var peer = await PeerIssuerProcess.StartAsync();
        using var wallet = new StepwiseWallet();

        var offer = await wallet.ResolveAsync(peer.Ready["offer_by_reference"]!.GetValue<string>());
        Assert.Equal(peer.Issuer, offer.CredentialIssuer);
        var configurationId = Assert.Single(offer.CredentialConfigurationIds);
        Assert.Equal(6, offer.PreAuthorizedCode!.TransactionCode!.Length);
        await wallet.DiscoverAsync(offer.CredentialIssuer);
        Assert.True(wallet.AuthorizationServer!.PreAuthorizedGrantAnonymousAccess);
        Assert.Contains("ES256", wallet.AuthorizationServer.DpopSigningAlgorithms);

        var token = await wallet.RedeemAsync(offer.PreAuthorizedCode.PreAuthorizedCode, peer.Ready["tx_code"]!.GetValue<string>());
        Assert.True(token.Status == HttpStatusCode.OK, token.Text + peer.Errors);
        Assert.Equal(TokenResponse.DpopTokenType, TokenResponse.Parse(Encoding.UTF8.GetBytes(token.Text)).TokenType);
        Assert.Equal(["/token"], wallet.NonceChallenges);

        var keys = new[] { SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.ES256) };
        try
        {
            var reply = await wallet.CredentialAsync(configurationId, await StepwiseWallet.ProofsAsync(offer.CredentialIssuer, await wallet.NonceAsync(), keys));
            Assert.True(reply.Status == HttpStatusCode.OK, reply.Text + reply.WwwAuthenticate + peer.Errors);
            Assert.Equal(["/token", "/credential"], wallet.NonceChallenges);
            var response = CredentialResponse.Parse(Encoding.UTF8.GetBytes(reply.Text));
            Assert.Equal("peer-offer-1", response.NotificationId);
            var credentials = response.Credentials;
            Assert.Equal(2, credentials.Count);

            var issuerKey = JsonWebKey.FromJson(peer.Ready["issuer_jwk"]!.AsObject());
            var verifier = new SdJwtVcVerifier(
                new SdJwtVcVerifierOptions { IssuerKeys = [issuerKey], KeyBinding = KeyBindingPolicy.Required, AcceptedVcts = [peer.Ready["vct"]!.GetValue<string>()] },
                new FakeTimeProvider(DateTimeOffset.UtcNow));
            for (var i = 0; i < keys.Length; i++)
            {
                var credential = SelectiveDisclosureJwt.Parse(credentials[i]);
                Assert.Equal("dc+sd-jwt", credential.IssuerSigned.Type);
                var presentation = await credential.PresentAsync([ClaimPath.Parse("given_name"), ClaimPath.Parse("department.floor")], "https://verifier.example.jp", "n-" + i, DateTimeOffset.UtcNow, keys[i]);
                var result = verifier.Verify(presentation.Serialize(), new SdJwtSession("https://verifier.example.jp", "n-" + i));
                InteropKit.AssertValid(result);
                var claims = Assert.Single(result.Documents).Claims!;
                Assert.Equal("花子", claims["given_name"]!.GetValue<string>());
                Assert.Equal(7, claims["department"]!["floor"]!.GetValue<int>());
                Assert.Null(claims["family_name"]);
            }

            // Presented with the other key of the batch, the first credential fails its key binding.
            var crossed = await SelectiveDisclosureJwt.Parse(credentials[0]).PresentAsync([ClaimPath.Parse("given_name")], "https://verifier.example.jp", "n-x", DateTimeOffset.UtcNow, keys[1]);
            Assert.False(verifier.Verify(crossed.Serialize(), new SdJwtSession("https://verifier.example.jp", "n-x")).IsValid);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_peer_refuses_a_wrong_transaction_code_a_second_redemption_and_a_spent_c_nonce()
    {
        await using var peer = await PeerIssuerProcess.StartAsync();
        using var wallet = new StepwiseWallet();
        var offer = await wallet.ResolveAsync(peer.Ready["offer"]!.GetValue<string>());
        await wallet.DiscoverAsync(offer.CredentialIssuer);
        var code = offer.PreAuthorizedCode!.PreAuthorizedCode;
        var txCode = peer.Ready["tx_code"]!.GetValue<string>();

        Assert.Equal("invalid_grant", (await wallet.RedeemAsync(code, txCode == "000000" ? "111111" : "000000")).Error);
        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(code, txCode)).Status);
        Assert.Equal("invalid_grant", (await wallet.RedeemAsync(code, txCode)).Error);

        using var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var nonce = await wallet.NonceAsync();
        var proofs = await StepwiseWallet.ProofsAsync(offer.CredentialIssuer, nonce, [key]);
        Assert.Equal(HttpStatusCode.OK, (await wallet.CredentialAsync(offer.CredentialConfigurationIds[0], proofs)).Status);
        using var another = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        Assert.Equal("invalid_nonce", (await wallet.CredentialAsync(offer.CredentialConfigurationIds[0], await StepwiseWallet.ProofsAsync(offer.CredentialIssuer, nonce, [another]))).Error);
    }
}
