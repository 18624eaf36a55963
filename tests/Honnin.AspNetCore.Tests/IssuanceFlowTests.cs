using System.Security.Cryptography.X509Certificates;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.OpenId4Vc;
using Honnin.StatusLists;
using Honnin.Tests.Services;

namespace Honnin.AspNetCore.Tests;

/// <summary>The pre-authorized code flow end to end over loopback HTTP, both formats, as a wallet runs it.</summary>
public sealed class IssuanceFlowTests
{
    [Theory]
    [InlineData("sd-jwt", "withholding_slip_dc_sd_jwt")]
    [InlineData("mdoc", "withholding_slip_mso_mdoc")]
    public async Task A_batch_is_issued_once_one_credential_per_proven_key(string format, string configurationId)
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(format, batch: 3, txCode: true);
        using var wallet = new RawWallet(host.Url);

        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        Assert.Equal(host.Url, offer.CredentialIssuer);
        Assert.Equal([configurationId], offer.CredentialConfigurationIds);
        Assert.Equal(6, offer.PreAuthorizedCode!.TransactionCode!.Length);

        var token = await wallet.RedeemAsync(offer.PreAuthorizedCode.PreAuthorizedCode, created["tx_code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("DPoP", token.Json!["token_type"]!.GetValue<string>());
        Assert.True(token.NoStore);

        var keys = Enumerable.Range(0, 3).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
        var reply = await wallet.CredentialAsync(configurationId, await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), keys));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var credentials = reply.Json!["credentials"]!.AsArray().Select(c => c!["credential"]!.GetValue<string>()).ToList();
        Assert.Equal(3, credentials.Count);
        Assert.Equal(created["offer_id"]!.GetValue<string>(), reply.Json["notification_id"]!.GetValue<string>());

        var bound = credentials.Select(c => BoundKey(c, format, host)).ToList();
        Assert.Equal(keys.Select(k => JsonWebKey.FromCoseKey(k.PublicKey).ComputeThumbprint()), bound);

        var again = await wallet.CredentialAsync(configurationId, await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), [SoftwareSigner.Generate(CoseAlgorithm.ES256)]));
        Assert.Equal("credential_request_denied", again.Error);

        var records = await host.Stores.Issued.ListAsync(created["offer_id"]!.GetValue<string>());
        Assert.Equal(3, records.Count);
        Assert.Equal(3, records.Select(r => r.StatusIndex).Distinct().Count());
        var stored = await host.Stores.Offers.GetAsync(created["offer_id"]!.GetValue<string>());
        Assert.Null(stored!.Claims);
    }

    [Fact]
    public async Task An_offer_of_fewer_credentials_than_proofs_issues_to_the_first_keys()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(batch: 2, txCode: false);
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        await wallet.RedeemAsync(offer.PreAuthorizedCode!.PreAuthorizedCode, null);
        var keys = Enumerable.Range(0, 10).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();

        var reply = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), keys));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var bound = reply.Json!["credentials"]!.AsArray().Select(c => BoundKey(c!["credential"]!.GetValue<string>(), "sd-jwt", host));
        Assert.Equal(keys.Take(2).Select(k => JsonWebKey.FromCoseKey(k.PublicKey).ComputeThumbprint()), bound);
    }

    [Fact]
    public async Task A_full_status_list_is_a_server_error_that_issues_nothing_and_keeps_the_offer_open()
    {
        await using var host = await IssuerHost.StartAsync(o => o with { StatusListSize = 16 });
        for (var i = 0; i < 16; i++)
        {
            await host.Stores.StatusLists.AllocateAsync(host.Url + "/status-lists/1", 16, "filler-" + i);
        }

        var created = await host.CreateOfferAsync(txCode: false);
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        await wallet.RedeemAsync(offer.PreAuthorizedCode!.PreAuthorizedCode, null);
        var reply = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), [SoftwareSigner.Generate(CoseAlgorithm.ES256)]));

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal("server_error", reply.Error);
        Assert.Equal(Issuer.State.OfferState.Offered, (await host.Stores.Offers.GetAsync(created["offer_id"]!.GetValue<string>()))!.State);
    }

    [Fact]
    public async Task An_offer_by_value_without_a_transaction_code_works_and_its_reference_stops_after_issuance()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(txCode: false);
        using var wallet = new RawWallet(host.Url);
        var byValue = await wallet.ResolveAsync(created["offer_by_value"]!.GetValue<string>());
        Assert.Null(byValue.PreAuthorizedCode!.TransactionCode);

        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(byValue.PreAuthorizedCode.PreAuthorizedCode, null)).Status);
        var key = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        Assert.Equal(HttpStatusCode.OK, (await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), [key]))).Status);

        var link = CredentialOfferLink.Parse(created["offer"]!.GetValue<string>());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(link.OfferUri)).StatusCode);
    }

    [Fact]
    public async Task A_deferred_issuance_waits_for_HR_and_then_issues_to_the_keys_proven_first()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(batch: 2, requiresApproval: true);
        var offerId = created["offer_id"]!.GetValue<string>();
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        await wallet.RedeemAsync(offer.PreAuthorizedCode!.PreAuthorizedCode, created["tx_code"]!.GetValue<string>());
        var keys = new[] { SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.ES256) };

        var deferred = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), keys));
        Assert.Equal(HttpStatusCode.Accepted, deferred.Status);
        var transactionId = deferred.Json!["transaction_id"]!.GetValue<string>();
        Assert.True(deferred.Json["interval"]!.GetValue<int>() > 0);

        var pending = await wallet.PostAsync("/deferred_credential", new JsonObject { ["transaction_id"] = transactionId });
        Assert.Equal(HttpStatusCode.Accepted, pending.Status);
        Assert.Equal(transactionId, pending.Json!["transaction_id"]!.GetValue<string>());
        Assert.Equal("invalid_transaction_id", (await wallet.PostAsync("/deferred_credential", new JsonObject { ["transaction_id"] = transactionId + "x" })).Error);

        using (var approve = await host.Admin.PostAsync($"admin/offers/{offerId}/approve", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, approve.StatusCode);
        }

        var issued = await wallet.PostAsync("/deferred_credential", new JsonObject { ["transaction_id"] = transactionId });
        Assert.True(issued.Status == HttpStatusCode.OK, issued.Text);
        var credentials = issued.Json!["credentials"]!.AsArray().Select(c => c!["credential"]!.GetValue<string>()).ToList();
        Assert.Equal(keys.Select(k => JsonWebKey.FromCoseKey(k.PublicKey).ComputeThumbprint()), credentials.Select(c => BoundKey(c, "sd-jwt", host)));
        Assert.Equal("invalid_transaction_id", (await wallet.PostAsync("/deferred_credential", new JsonObject { ["transaction_id"] = transactionId })).Error);
    }

    [Fact]
    public async Task The_wallet_notifies_acceptance_and_HR_sees_it_without_any_claim_value()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(txCode: false);
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        await wallet.RedeemAsync(offer.PreAuthorizedCode!.PreAuthorizedCode, null);
        var reply = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), [SoftwareSigner.Generate(CoseAlgorithm.ES256)]));
        var notificationId = reply.Json!["notification_id"]!.GetValue<string>();

        Assert.Equal("invalid_notification_request", (await wallet.PostAsync("/notification", new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_liked" })).Error);
        Assert.Equal("invalid_notification_id", (await wallet.PostAsync("/notification", new JsonObject { ["notification_id"] = "other", ["event"] = "credential_accepted" })).Error);
        Assert.Equal(HttpStatusCode.NoContent, (await wallet.PostAsync("/notification", new JsonObject { ["notification_id"] = notificationId, ["event"] = "credential_accepted" })).Status);

        var offers = await host.Admin.GetStringAsync("admin/offers");
        Assert.Contains("credential_accepted", offers, StringComparison.Ordinal);
        var issuedList = await host.Admin.GetStringAsync("admin/credentials");
        foreach (var secret in new[] { "山田", "5000000", created["offer_by_value"]!.GetValue<string>() })
        {
            Assert.DoesNotContain(secret, offers, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, issuedList, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HR_revokes_an_offers_credentials_and_the_published_status_list_says_so()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(txCode: false, batch: 2);
        var offerId = created["offer_id"]!.GetValue<string>();
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        await wallet.RedeemAsync(offer.PreAuthorizedCode!.PreAuthorizedCode, null);
        var keys = new[] { SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.ES256) };
        var reply = await wallet.CredentialAsync("withholding_slip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), keys));
        var status = Payload(reply.Json!["credentials"]![0]!["credential"]!.GetValue<string>())["status"]!["status_list"]!;
        var uri = status["uri"]!.GetValue<string>();
        var index = status["idx"]!.GetValue<int>();
        Assert.Equal(host.Url + "/status-lists/1", uri);

        using var revoke = await host.Admin.PostAsync("admin/status", new StringContent(new JsonObject { ["change"] = "revoke", ["offer_id"] = offerId }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var changed = JsonNode.Parse(await revoke.Content.ReadAsStringAsync())!["changed"]!.AsArray();
        Assert.Equal(2, changed.Count);

        using var http = new HttpClient();
        var jwt = StatusListToken.Parse(await http.GetStringAsync(uri));
        Assert.Equal(uri, jwt.Subject);
        Assert.True(jwt.StatusList.TryGetStatus(index, out var jwtStatus));
        Assert.Equal(StatusListPublisherStatus.Invalid, jwtStatus);
        using var cwtRequest = new HttpRequestMessage(HttpMethod.Get, uri);
        cwtRequest.Headers.Accept.ParseAdd("application/statuslist+cwt");
        using var cwtResponse = await http.SendAsync(cwtRequest);
        Assert.Equal("application/statuslist+cwt", cwtResponse.Content.Headers.ContentType!.MediaType);
        Assert.True(StatusListCwt.Parse(await cwtResponse.Content.ReadAsByteArrayAsync()).StatusList.TryGetStatus(index, out var cwtStatus));
        Assert.Equal(StatusListPublisherStatus.Invalid, cwtStatus);
    }

    [Fact]
    public async Task The_metadata_sits_at_the_well_known_locations_and_names_both_formats()
    {
        await using var host = await IssuerHost.StartAsync();
        using var http = new HttpClient();
        var metadata = JsonNode.Parse(await http.GetStringAsync(CredentialIssuerMetadata.WellKnownUri(host.Url)))!;
        Assert.Equal(host.Url, metadata["credential_issuer"]!.GetValue<string>());
        Assert.Equal(host.Url + "/nonce", metadata["nonce_endpoint"]!.GetValue<string>());
        Assert.Equal(10, metadata["batch_credential_issuance"]!["batch_size"]!.GetValue<int>());
        var configurations = metadata["credential_configurations_supported"]!.AsObject();
        Assert.Equal("dc+sd-jwt", configurations["withholding_slip_dc_sd_jwt"]!["format"]!.GetValue<string>());
        Assert.Equal("mso_mdoc", configurations["enrollment_certificate_mso_mdoc"]!["format"]!.GetValue<string>());

        var server = AuthorizationServerMetadata.Parse(await http.GetByteArrayAsync(AuthorizationServerMetadata.WellKnownUri(host.Url)), host.Url);
        Assert.Equal(host.Url + "/token", server.TokenEndpoint);
        Assert.True(server.PreAuthorizedGrantAnonymousAccess);
        Assert.Contains("ES256", server.DpopSigningAlgorithms);
    }

    private static string BoundKey(string credential, string format, IssuerHost host)
    {
        using var signerKey = host.DocumentSigner.GetECDsaPublicKey()!;
        if (format == "sd-jwt")
        {
            var jws = CompactJws.Parse(credential[..credential.IndexOf('~', StringComparison.Ordinal)]);
            Assert.True(jws.VerifySignature(signerKey));
            return JsonWebKey.FromJson(jws.ReadPayloadObject()["cnf"]!["jwk"]!.AsObject()).ComputeThumbprint();
        }

        var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(Base64Url.DecodeFromChars(credential)));
        return JsonWebKey.FromCoseKey(issuerSigned.MobileSecurityObject.DeviceKey).ComputeThumbprint();
    }

    private static JsonObject Payload(string sdJwt) => CompactJws.Parse(sdJwt[..sdJwt.IndexOf('~', StringComparison.Ordinal)]).ReadPayloadObject();

    private static class StatusListPublisherStatus
    {
        public const byte Invalid = Issuer.StatusLists.StatusListPublisher.Invalid;
    }
}
