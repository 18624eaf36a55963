using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.OpenId4Vc;
using Honnin.Tests.Services;
using Honnin.X509;

namespace Honnin.Interop.Tests;

/// <summary>
/// A wallet written with @openid4vc/openid4vci and @openid4vc/oauth2 0.4.6 (tests/interop/vci-wallet.mjs) receives
/// credentials from Honnin's issuer service over loopback HTTP: pre-authorized code with tx_code, DPoP with server
/// nonces, the nonce endpoint and a batch of key proofs, each by a fresh key.
/// </summary>
public sealed class PeerWalletReceivesFromHonninTests
{
    [Theory]
    [InlineData("sd-jwt", "withholding_slip_dc_sd_jwt")]
    [InlineData("mdoc", "withholding_slip_mso_mdoc")]
    public async Task The_peer_receives_a_batch_of_three_each_bound_to_one_of_its_keys_and_only_once(string format, string configurationId)
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(format, batch: 3, txCode: true);
        var txCode = created["tx_code"]!.GetValue<string>();

        var received = await RunWalletAsync(created["offer"]!.GetValue<string>(), txCode, batch: 3);

        Assert.True(received["error"] is null, received.ToJsonString());
        Assert.Equal("DPoP", received["tokenType"]!.GetValue<string>());
        Assert.Equal(["/token"], received["challenges"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(created["offer_id"]!.GetValue<string>(), received["notificationId"]!.GetValue<string>());
        var credentials = received["credentials"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(3, credentials.Count);
        var proven = received["provenJwks"]!.AsArray().Select(j => JsonWebKey.FromJson(j!.AsObject()).ComputeThumbprint()).ToList();
        Assert.Equal(3, proven.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(JsonWebKey.FromJson(received["dpopJwk"]!.AsObject()).ComputeThumbprint(), proven);

        var bound = credentials.Select(c => VerifiedHolderKey(c, format, host)).ToList();
        Assert.Equal(proven.Order(StringComparer.Ordinal), bound.Order(StringComparer.Ordinal));
        Assert.Equal(configurationId, received["configurationId"]!.GetValue<string>());

        // The same offer again: its reference is gone, and its code, sent by value, is spent.
        var byReference = await RunWalletAsync(created["offer"]!.GetValue<string>(), txCode, batch: 3);
        Assert.Equal("offer", byReference["stage"]!.GetValue<string>());
        var byValue = await RunWalletAsync(created["offer_by_value"]!.GetValue<string>(), txCode, batch: 3);
        Assert.Equal("token", byValue["stage"]!.GetValue<string>());
        Assert.Equal("invalid_grant", byValue["errorResponse"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_peer_receives_from_an_offer_by_value_after_a_wrong_transaction_code_is_refused_and_notifies_acceptance()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync("sd-jwt", batch: 2, txCode: true);
        var link = created["offer_by_value"]!.GetValue<string>();
        var txCode = created["tx_code"]!.GetValue<string>();
        var wrong = txCode == "000000" ? "111111" : "000000";

        var refused = await RunWalletAsync(link, wrong, batch: 2);
        Assert.Equal("token", refused["stage"]?.GetValue<string>());
        Assert.Equal("invalid_grant", refused["errorResponse"]!["error"]!.GetValue<string>());

        var received = await RunWalletAsync(link, txCode, batch: 2, notify: "credential_accepted");
        Assert.True(received["error"] is null, received.ToJsonString());
        Assert.Contains("credential_accepted", await host.Admin.GetStringAsync("admin/offers"), StringComparison.Ordinal);
        var credentials = received["credentials"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var proven = received["provenJwks"]!.AsArray().Select(j => JsonWebKey.FromJson(j!.AsObject()).ComputeThumbprint()).Order(StringComparer.Ordinal);
        Assert.Equal(proven, credentials.Select(c => VerifiedHolderKey(c, "sd-jwt", host)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_peer_waits_out_a_deferred_issuance_but_refuses_the_final_response_because_it_carries_a_notification_id()
    {
        await using var host = await IssuerHost.StartAsync(o => o with { DeferredInterval = 1 });
        var created = await host.CreateOfferAsync("mdoc", batch: 2, txCode: true, requiresApproval: true);
        var offerId = created["offer_id"]!.GetValue<string>();

        var wallet = RunWalletAsync(created["offer"]!.GetValue<string>(), created["tx_code"]!.GetValue<string>(), batch: 2);
        await WaitForStateAsync(host, offerId, "deferred", wallet);
        using (var approve = await host.Admin.PostAsync($"admin/offers/{offerId}/approve", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, approve.StatusCode);
        }

        var received = await wallet;

        // OpenID4VCI 1.0 §8.3 (used by §9.2): notification_id "MUST NOT be used if the credentials parameter is not
        // present", so credentials with a notification_id is a valid Deferred Credential Response. The peer (0.4.6,
        // zDeferredCredentialResponse) inverts the check and refuses it, with a message that states the rule it means.
        // Its 202 answers while HR had not approved yet were accepted; only the final answer is refused.
        Assert.Equal("deferred", received["stage"]?.GetValue<string>());
        Assert.Equal(200, received["status"]!.GetValue<int>());
        Assert.Contains("'notification_id' MUST NOT be defined when 'credentials' is not defined.", received["validation"]!.AsArray().Select(m => m!.GetValue<string>()));

        // What Honnin sent is the batch the peer proved keys for, with the notification id, as the spec allows.
        var response = CredentialResponse.Parse(Encoding.UTF8.GetBytes(received["body"]!.GetValue<string>()));
        Assert.Equal(offerId, response.NotificationId);
        Assert.Equal(2, response.Credentials.Count);
        foreach (var credential in response.Credentials)
        {
            VerifiedHolderKey(credential, "mdoc", host);
        }
    }

    [Fact]
    public async Task The_peer_answers_honnins_DPoP_nonce_challenge_at_the_credential_endpoint()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync("sd-jwt", batch: 1, txCode: false);

        var received = await NodePeer.RunAsync(new JsonObject { ["offer"] = created["offer"]!.GetValue<string>(), ["batch"] = 1, ["withoutCredentialDpopNonce"] = true }, "vci-wallet.mjs");

        Assert.True(received["error"] is null, received.ToJsonString());
        Assert.Single(received["credentials"]!.AsArray());
        Assert.Equal(["/token", "/credential"], received["challenges"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    private static async Task WaitForStateAsync(IssuerHost host, string offerId, string state, Task<JsonObject> wallet)
    {
        for (var i = 0; i < 600; i++)
        {
            var offers = JsonNode.Parse(await host.Admin.GetStringAsync("admin/offers"))!["offers"]!.AsArray();
            if (offers.Any(o => o!["offer_id"]!.GetValue<string>() == offerId && o["state"]!.GetValue<string>() == state))
            {
                return;
            }

            if (wallet.IsCompleted)
            {
                Assert.Fail("The peer wallet finished before the offer was " + state + ": " + (await wallet).ToJsonString());
            }

            await Task.Delay(50);
        }

        Assert.Fail("The offer did not become " + state + " within 30 s.");
    }

    private static async Task<JsonObject> RunWalletAsync(string offer, string? txCode, int batch, string? notify = null) =>
        await NodePeer.RunAsync(new JsonObject { ["offer"] = offer, ["txCode"] = txCode, ["batch"] = batch, ["notify"] = notify }, "vci-wallet.mjs");

    /// <summary>
    /// Checks that the credential's issuer signature verifies with the leaf of its x5c/x5chain and that the chain ends
    /// at the host's IACA, then returns the thumbprint of the key it is bound to (SD-JWT <c>cnf.jwk</c>, mdoc
    /// <c>DeviceKey</c>).
    /// </summary>
    private static string VerifiedHolderKey(string credential, string format, IssuerHost host)
    {
        using var anchors = TrustAnchorSet.Create([host.Iaca]);
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner);
        if (format == "sd-jwt")
        {
            var jws = CompactJws.Parse(credential[..credential.IndexOf('~', StringComparison.Ordinal)]);
            var chain = validator.Validate(jws.X5c, DateTimeOffset.UtcNow);
            Assert.True(chain.IsValid, string.Join("; ", chain.Failures.Select(f => f.Code)));
            using var key = chain.Leaf!.GetECDsaPublicKey()!;
            Assert.True(jws.VerifySignature(key));
            Assert.Equal(host.DocumentSigner.Thumbprint, chain.Leaf!.Thumbprint);
            return JsonWebKey.FromJson(jws.ReadPayloadObject()["cnf"]!["jwk"]!.AsObject()).ComputeThumbprint();
        }

        var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(Base64Url.DecodeFromChars(credential)));
        var mdocChain = validator.Validate(issuerSigned.IssuerAuth.Headers.X5Chain, DateTimeOffset.UtcNow);
        Assert.True(mdocChain.IsValid, string.Join("; ", mdocChain.Failures.Select(f => f.Code)));
        using var signerKey = mdocChain.Leaf!.GetECDsaPublicKey()!;
        Assert.True(issuerSigned.IssuerAuth.VerifySignature(signerKey));
        return JsonWebKey.FromCoseKey(issuerSigned.MobileSecurityObject.DeviceKey).ComputeThumbprint();
    }
}
