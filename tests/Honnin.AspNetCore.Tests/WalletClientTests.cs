using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;
using Honnin.Holder.Storage;
using Honnin.Issuer.Offers;
using Honnin.OpenId4Vc;
using Honnin.Storage.Sqlite;
using Honnin.Tests.Services;
using Honnin.X509;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// Honnin's wallet client (<see cref="OpenId4VciClient"/>) against Honnin's issuer service on loopback Kestrel: both
/// formats in batches with a transaction code, into memory and into an encrypted SQLite wallet; a wrong code; a
/// deferred issuance resumed after HR approves; the notification HR sees; and an issuer that is not who its metadata
/// says, or that redirects, refused.
/// </summary>
public sealed class WalletClientTests
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;

    // The service refuses more proofs than the offer's batch, and the offer does not say its batch, so the wallet asks
    // for the metadata's batch_size: the tests give the service a batch_size equal to their offers' batch.
    private static Task<IssuerHost> StartAsync(int batchSize, int deferredInterval = 1) =>
        IssuerHost.StartAsync(o => o with { MaxBatchSize = batchSize, DeferredInterval = deferredInterval });

    private static HttpClient Http() => new(new HttpClientHandler { AllowAutoRedirect = false });

    [Theory]
    [InlineData("sd-jwt", CredentialFormat.SdJwtVc, "urn:honnin:jp:withholding-slip:1")]
    [InlineData("mdoc", CredentialFormat.Mdoc, "jp.honnin.withholding_slip.1")]
    public async Task A_batch_of_three_arrives_with_the_transaction_code_is_stored_whole_and_HR_hears_of_it(string format, CredentialFormat expectedFormat, string type)
    {
        await using var host = await StartAsync(batchSize: 3);
        var created = await host.CreateOfferAsync(format, batch: 3, txCode: true);
        using var http = Http();
        using var anchors = TrustAnchorSet.Create([host.Iaca]);
        var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { IssuerTrustAnchors = anchors });

        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());

        Assert.Equal(host.Url, preview.CredentialIssuer);
        Assert.Equal("株式会社本人テスト", preview.IssuerNameJa);
        Assert.Equal("Honnin Test K.K.", preview.IssuerNameEn);
        Assert.True(preview.RequiresTransactionCode);
        Assert.Equal(6, preview.TransactionCode!.Length);
        var offered = Assert.Single(preview.Credentials);
        Assert.Equal(expectedFormat, offered.Format);
        Assert.Equal(type, offered.Type);
        Assert.Equal(HonninDocumentTypes.WithholdingSlip.DisplayNameJa, offered.NameJa);
        Assert.Same(HonninDocumentTypes.WithholdingSlip, offered.KnownType);
        Assert.Equal(3, offered.BatchSize);
        Assert.Equal("ES256", offered.ProofAlgorithm);
        Assert.Contains(offered.Elements, e => e.Identifier == "payment_amount" && e.DisplayNameJa.Length > 0 && e.DisplayNameEn.Length > 0);
        var code = CredentialOfferLink.Parse(created["offer_by_value"]!.GetValue<string>()).Offer!.PreAuthorizedCode!.PreAuthorizedCode;
        Assert.DoesNotContain(code, preview.ToString(), StringComparison.Ordinal);

        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();
        var result = await client.AcceptAsync(preview, created["tx_code"]!.GetValue<string>(), new IssuanceTargets(store, keys), NoWait);

        Assert.False(result.IsPending);
        Assert.Equal(3, result.Credentials.Count);
        var held = await store.ListAsync();
        Assert.Equal(3, held.Count);
        Assert.All(held, c => Assert.Equal(type, c.DocType));
        Assert.Single(held.Select(c => c.BatchId).Distinct());
        Assert.NotNull(held[0].BatchId);
        Assert.Equal(3, await keys.CountAsync());
        foreach (var credential in held)
        {
            Assert.NotNull(await keys.FindAsync(credential.DeviceKey));
        }

        Assert.Equal(3, held.Select(c => InMemoryDeviceKeyResolver.Fingerprint(c.DeviceKey)).Distinct().Count());
        var offers = await host.Admin.GetStringAsync("admin/offers");
        Assert.Contains("credential_accepted", offers, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sd-jwt")]
    [InlineData("mdoc")]
    public async Task An_encrypted_SQLite_wallet_keeps_the_batch_and_its_keys_across_a_reopen(string format)
    {
        await using var host = await StartAsync(batchSize: 3);
        var created = await host.CreateOfferAsync(format, batch: 3, txCode: true);
        using var http = Http();
        var client = new OpenId4VciClient(http);
        var folder = Directory.CreateTempSubdirectory("honnin-wallet-client-");
        try
        {
            var path = Path.Combine(folder.FullName, "wallet.db");
            var walletKey = new PassphraseWalletKeyProvider("correct horse battery staple");
            using (var wallet = await SqliteWalletStore.OpenAsync(path, walletKey))
            {
                var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());
                var result = await client.AcceptAsync(preview, created["tx_code"]!.GetValue<string>(), new IssuanceTargets(wallet, wallet.DeviceKeys), NoWait);
                Assert.Equal(3, result.Credentials.Count);
            }

            using var reopened = await SqliteWalletStore.OpenAsync(path, walletKey);
            var held = await reopened.ListAsync();
            Assert.Equal(3, held.Count);
            Assert.Equal(3, await reopened.DeviceKeys.CountAsync());
            foreach (var credential in held)
            {
                Assert.NotNull(await reopened.DeviceKeys.FindAsync(credential.DeviceKey));
            }

            var bytes = await File.ReadAllBytesAsync(path);
            Assert.DoesNotContain("山田", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_transaction_code_is_a_typed_error_with_the_issuers_word_and_nothing_is_stored()
    {
        await using var host = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("sd-jwt", batch: 1, txCode: true);
        var right = created["tx_code"]!.GetValue<string>();
        var wrong = right == "000000" ? "111111" : "000000";
        using var http = Http();
        var client = new OpenId4VciClient(http);
        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());
        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();
        var targets = new IssuanceTargets(store, keys);

        var missing = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptAsync(preview, null, targets, NoWait));
        Assert.Equal(OfferAcceptanceException.TransactionCodeRequired, missing.Code);

        // A code that cannot fit the offer is not sent: it spends none of the person's attempts.
        var misfit = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptAsync(preview, "12a", targets, NoWait));
        Assert.Equal(OfferAcceptanceException.TransactionCodeWrong, misfit.Code);
        Assert.Null(misfit.IssuerError);

        var refused = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptAsync(preview, wrong, targets, NoWait));
        Assert.Equal(OfferAcceptanceException.TransactionCodeWrong, refused.Code);
        Assert.Equal("invalid_grant", refused.IssuerError!.Error);
        Assert.Contains("4 attempt(s) left", refused.IssuerError.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refused.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync());
        Assert.Equal(0, await keys.CountAsync());

        var result = await client.AcceptAsync(preview, right, targets, NoWait);
        Assert.Single(result.Credentials);
    }

    [Fact]
    public async Task A_deferred_issuance_comes_back_pending_and_resuming_after_approval_brings_the_credentials()
    {
        await using var host = await StartAsync(batchSize: 2);
        var created = await host.CreateOfferAsync("sd-jwt", batch: 2, txCode: false, requiresApproval: true);
        var offerId = created["offer_id"]!.GetValue<string>();
        using var http = Http();
        var client = new OpenId4VciClient(http);
        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();
        var targets = new IssuanceTargets(store, keys);
        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());

        var accepted = await client.AcceptAsync(preview, null, targets, TimeSpan.FromSeconds(2));

        Assert.True(accepted.IsPending);
        Assert.Empty(accepted.Credentials);
        var pending = Assert.Single(accepted.Pending);
        Assert.Equal("withholding_slip_dc_sd_jwt", pending.ConfigurationId);
        Assert.Equal(2, pending.RequestedCount);
        Assert.Equal(2, await keys.CountAsync());
        Assert.Empty(await store.ListAsync());
        var exported = pending.Export();
        Assert.DoesNotContain(pending.TransactionId, pending.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", pending.ToString(), StringComparison.Ordinal);

        var still = await client.ResumeAsync(pending, targets, NoWait);
        Assert.True(still.IsPending);

        using (var approve = await host.Admin.PostAsync($"admin/offers/{offerId}/approve", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, approve.StatusCode);
        }

        // Resumed as an app would after a restart: from the exported text, with a new client.
        var resumed = await new OpenId4VciClient(http).ResumeAsync(PendingIssuance.Import(exported), targets, TimeSpan.FromSeconds(10));

        Assert.False(resumed.IsPending);
        Assert.Equal(2, resumed.Credentials.Count);
        Assert.Equal(2, (await store.ListAsync()).Count);
        Assert.Contains("credential_accepted", await host.Admin.GetStringAsync("admin/offers"), StringComparison.Ordinal);
        Assert.Equal(OfferAcceptanceException.PendingIssuanceInvalid, Assert.Throws<OfferAcceptanceException>(() => PendingIssuance.Import(exported[..^2])).Code);
    }

    [Fact]
    public async Task Credentials_from_an_issuer_outside_the_trust_anchors_are_not_stored_and_HR_hears_of_the_failure()
    {
        await using var host = await StartAsync(batchSize: 1);
        await using var other = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("mdoc", batch: 1, txCode: false);
        using var http = Http();
        using var anchors = TrustAnchorSet.Create([other.Iaca]);
        var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { IssuerTrustAnchors = anchors });
        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();

        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());
        var error = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptAsync(preview, null, new IssuanceTargets(store, keys), NoWait));

        Assert.Equal(OfferAcceptanceException.IssuerUntrusted, error.Code);
        Assert.Empty(await store.ListAsync());
        Assert.Contains("credential_failure", await host.Admin.GetStringAsync("admin/offers"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one credential twice")]
    [InlineData("not a credential")]
    public async Task Credentials_that_fail_the_checks_are_not_stored_and_HR_hears_of_the_failure(string tampering)
    {
        await using var host = await StartAsync(batchSize: 3);
        var created = await host.CreateOfferAsync("sd-jwt", batch: 3, txCode: false);
        using var handler = new RewritingHandler("/credential", json =>
        {
            var credentials = json["credentials"]!.AsArray();
            credentials[1] = tampering == "one credential twice" ? credentials[0]!.DeepClone() : new JsonObject { ["credential"] = "eyJhbGciOiJub25lIn0.e30." };
        });
        using var http = new HttpClient(handler);
        var client = new OpenId4VciClient(http);
        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();

        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());
        var error = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.AcceptAsync(preview, null, new IssuanceTargets(store, keys), NoWait));

        Assert.Equal(OfferAcceptanceException.CredentialMismatch, error.Code);
        Assert.Contains("Credential 2 of 3", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync());
        Assert.Equal(3, await keys.CountAsync());
        Assert.Contains("credential_failure", await host.Admin.GetStringAsync("admin/offers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_c_nonce_is_answered_with_a_fresh_one_once()
    {
        await using var host = await StartAsync(batchSize: 1);
        var created = await host.CreateOfferAsync("mdoc", batch: 1, txCode: false);
        var nonces = 0;
        using var handler = new RewritingHandler("/nonce", json =>
        {
            if (++nonces == 1)
            {
                json["c_nonce"] = "not-a-nonce-this-issuer-gave";
            }
        });
        using var http = new HttpClient(handler);
        var client = new OpenId4VciClient(http);
        var store = new InMemoryCredentialStore();
        using var keys = new InMemoryDeviceKeyStore();

        var result = await client.AcceptAsync(await client.PreviewAsync(created["offer"]!.GetValue<string>()), null, new IssuanceTargets(store, keys), NoWait);

        Assert.Single(result.Credentials);
        Assert.Equal(2, nonces);
    }

    [Fact]
    public async Task Metadata_that_names_another_credential_issuer_is_refused()
    {
        var offer = new CredentialOffer("https://payroll.example.jp", ["withholding_slip_dc_sd_jwt"], PreAuthorizedCode: new("code-0001"));
        var metadata = IssuerMetadataBuilder.Build("https://evil.example", [HonninDocumentTypes.WithholdingSlip], "偽物", "Fake");
        using var handler = new ScriptedHandler(request => request.RequestUri!.AbsoluteUri == "https://payroll.example.jp/.well-known/openid-credential-issuer"
            ? ScriptedHandler.Json(metadata.ToJson())
            : new HttpResponseMessage(HttpStatusCode.NotFound));
        using var http = new HttpClient(handler);
        var client = new OpenId4VciClient(http);

        var error = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.PreviewAsync(CredentialOfferLink.ByValue(offer)));

        Assert.Equal(OfferAcceptanceException.IssuerMetadataInvalid, error.Code);
        Assert.Equal(["https://payroll.example.jp/.well-known/openid-credential-issuer"], handler.Asked);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_one_followed_by_the_handler_is_refused()
    {
        var link = CredentialOfferLink.ByReference(new Uri("https://payroll.example.jp/credential-offer/abc"));
        using var redirecting = new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri("https://evil.example/offer");
            return response;
        });
        using var http = new HttpClient(redirecting);

        var error = await Assert.ThrowsAsync<OfferAcceptanceException>(() => new OpenId4VciClient(http).PreviewAsync(link));

        Assert.Equal(OfferAcceptanceException.OfferUnreachable, error.Code);
        Assert.Equal(["https://payroll.example.jp/credential-offer/abc"], redirecting.Asked);

        // A handler that follows redirects answers for another URL than the one asked: refused all the same.
        using var following = new ScriptedHandler(request =>
        {
            var response = ScriptedHandler.Json(new JsonObject { ["credential_issuer"] = "https://evil.example", ["credential_configuration_ids"] = new JsonArray("x") });
            response.RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://evil.example/offer");
            return response;
        });
        using var followingHttp = new HttpClient(following);
        var followed = await Assert.ThrowsAsync<OfferAcceptanceException>(() => new OpenId4VciClient(followingHttp).PreviewAsync(link));
        Assert.Equal(OfferAcceptanceException.OfferUnreachable, followed.Code);
    }

    [Fact]
    public async Task A_plain_http_offer_or_a_body_over_its_bound_is_refused()
    {
        using var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[CredentialOffer.MaxLength + 1]) });
        using var http = new HttpClient(handler);
        var client = new OpenId4VciClient(http);

        var plain = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.PreviewAsync("openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString("http://payroll.example.jp/offer")));
        Assert.Equal(OfferAcceptanceException.OfferInvalid, plain.Code);
        Assert.Empty(handler.Asked);

        var large = await Assert.ThrowsAsync<OfferAcceptanceException>(() => client.PreviewAsync(CredentialOfferLink.ByReference(new Uri("https://payroll.example.jp/offer"))));
        Assert.Equal(OfferAcceptanceException.OfferUnreachable, large.Code);
    }

    /// <summary>Passes requests to the network and rewrites the JSON answers of one path, as a tampering issuer would send them.</summary>
    private sealed class RewritingHandler(string path, Action<JsonObject> rewrite) : DelegatingHandler(new HttpClientHandler { AllowAutoRedirect = false })
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath != path || !response.IsSuccessStatusCode)
            {
                return response;
            }

            var json = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            rewrite(json);
            var headers = response.Headers.ToList();
            var rewritten = ScriptedHandler.Json(json);
            foreach (var (name, values) in headers)
            {
                rewritten.Headers.TryAddWithoutValidation(name, values);
            }

            rewritten.StatusCode = response.StatusCode;
            rewritten.RequestMessage = response.RequestMessage;
            response.Dispose();
            return rewritten;
        }
    }

    /// <summary>An HTTP handler that answers from a script and records what was asked (scheme, host, path).</summary>
    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Asked { get; } = [];

        public static HttpResponseMessage Json(JsonNode json) =>
            new(HttpStatusCode.OK) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked.Add(request.RequestUri!.GetLeftPart(UriPartial.Path));
            var response = answer(request);
            response.RequestMessage ??= request;
            return Task.FromResult(response);
        }
    }
}
