using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Jose;
using Honnin.Mdoc;
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
    public async Task The_peer_receives_from_an_offer_by_value_and_a_wrong_transaction_code_is_refused_first()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync("sd-jwt", batch: 2, txCode: true);
        var link = created["offer_by_value"]!.GetValue<string>();
        var txCode = created["tx_code"]!.GetValue<string>();
        var wrong = txCode == "000000" ? "111111" : "000000";

        var refused = await RunWalletAsync(link, wrong, batch: 2);
        Assert.Equal("token", refused["stage"]?.GetValue<string>());
        Assert.Equal("invalid_grant", refused["errorResponse"]!["error"]!.GetValue<string>());

        var received = await RunWalletAsync(link, txCode, batch: 2);
        Assert.True(received["error"] is null, received.ToJsonString());
        var credentials = received["credentials"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var proven = received["provenJwks"]!.AsArray().Select(j => JsonWebKey.FromJson(j!.AsObject()).ComputeThumbprint()).Order(StringComparer.Ordinal);
        Assert.Equal(proven, credentials.Select(c => VerifiedHolderKey(c, "sd-jwt", host)).Order(StringComparer.Ordinal));
    }

    private static async Task<JsonObject> RunWalletAsync(string offer, string? txCode, int batch) =>
        await NodePeer.RunAsync(new JsonObject { ["offer"] = offer, ["txCode"] = txCode, ["batch"] = batch }, "vci-wallet.mjs");

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
