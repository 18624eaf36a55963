using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;

namespace Honnin.Interop.Tests;

/// <summary>
/// Honnin's wallet client (<see cref="OpenId4VciClient"/>) receives from the issuer written with @openid4vc/openid4vci,
/// @openid4vc/oauth2 and @sd-jwt/sd-jwt-vc (tests/interop/vci-issuer.mjs) over loopback: the offer by reference with
/// a transaction code, DPoP with the peer's nonces, a batch with one fresh device key per credential, stored whole.
/// </summary>
public sealed class HonninWalletClientReceivesFromPeerIssuerTests
{
    [Fact]
    public async Task The_client_previews_accepts_and_stores_the_peers_batch_each_bound_to_its_own_key()
    {
        await using var peer = await PeerIssuerProcess.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { MaxBatchSize = 3 });

        var preview = await client.PreviewAsync(peer.Ready["offer_by_reference"]!.GetValue<string>());
        Assert.Equal(peer.Issuer, preview.CredentialIssuer);
        Assert.True(preview.RequiresTransactionCode);
        var offered = Assert.Single(preview.Credentials);
        Assert.Equal(peer.Ready["vct"]!.GetValue<string>(), offered.Type);
        Assert.Null(offered.KnownType);

        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();
        var result = await client.AcceptAsync(preview, peer.Ready["tx_code"]!.GetValue<string>(), new IssuanceTargets(store, keys), TimeSpan.Zero);
        Assert.False(result.IsPending);
        Assert.Equal(3, result.Credentials.Count);

        var held = await store.ListAsync();
        Assert.Equal(3, held.Count);
        Assert.Equal(3, held.Select(c => InMemoryDeviceKeyResolver.Fingerprint(c.DeviceKey)).Distinct().Count());
        foreach (var credential in held)
        {
            Assert.NotNull(await keys.FindAsync(credential.DeviceKey));
        }

        // The same offer again: the peer refuses its spent code, and the wallet keeps what it had.
        var again = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptAsync(preview, peer.Ready["tx_code"]!.GetValue<string>(), new IssuanceTargets(store, keys), TimeSpan.Zero));
        Assert.Equal("invalid_grant", again.IssuerError?.Error);
        Assert.Equal(3, (await store.ListAsync()).Count);
    }
}
