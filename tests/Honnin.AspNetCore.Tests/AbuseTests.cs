using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Honnin.Tests.Services;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// Requests written to get credentials they should not: each gets its specific OAuth / OpenID4VCI error, and nothing
/// is issued — the offer stays offered and no issued-credential record appears.
/// </summary>
public sealed class AbuseTests
{
    private const string Configuration = "withholding_slip_dc_sd_jwt";

    [Fact]
    public async Task Wrong_and_missing_transaction_codes_lock_the_offer_and_then_even_the_right_one_fails()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(txCode: true);
        using var wallet = new RawWallet(host.Url);
        var code = (await wallet.ResolveAsync(created["offer"]!.GetValue<string>())).PreAuthorizedCode!.PreAuthorizedCode;
        var right = created["tx_code"]!.GetValue<string>();
        var wrong = right == "000000" ? "111111" : "000000";

        var missing = await wallet.RedeemAsync(code, null);
        Assert.Equal("invalid_request", missing.Error);
        Assert.Contains("4 attempt(s) left", missing.Text, StringComparison.Ordinal);
        for (var i = 3; i >= 1; i--)
        {
            Assert.Contains($"{i} attempt(s) left", (await wallet.RedeemAsync(code, wrong)).Text, StringComparison.Ordinal);
        }

        Assert.Contains("no longer works", (await wallet.RedeemAsync(code, wrong)).Text, StringComparison.Ordinal);
        var locked = await wallet.RedeemAsync(code, right);
        Assert.Equal("invalid_grant", locked.Error);
        Assert.Null(wallet.AccessToken);
        await AssertNothingIssuedAsync(host, created);
    }

    [Fact]
    public async Task A_pre_authorized_code_is_redeemed_once()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(txCode: false);
        using var first = new RawWallet(host.Url);
        using var second = new RawWallet(host.Url);
        var code = (await first.ResolveAsync(created["offer"]!.GetValue<string>())).PreAuthorizedCode!.PreAuthorizedCode;

        Assert.Equal("invalid_request", (await first.RedeemAsync(code, "123456")).Error);
        Assert.Equal(HttpStatusCode.OK, (await first.RedeemAsync(code, null)).Status);
        var replay = await second.RedeemAsync(code, null);
        Assert.Equal("invalid_grant", replay.Error);
        Assert.Contains("redeemed before", replay.Text, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", (await second.RedeemAsync(code + "A", null)).Error);
    }

    [Fact]
    public async Task The_token_endpoint_needs_a_fresh_DPoP_proof_of_its_own()
    {
        await using var host = await IssuerHost.StartAsync();
        var created = await host.CreateOfferAsync(txCode: false);
        using var wallet = new RawWallet(host.Url);
        var code = (await wallet.ResolveAsync(created["offer"]!.GetValue<string>())).PreAuthorizedCode!.PreAuthorizedCode;
        KeyValuePair<string, string>[] form = [new("grant_type", CredentialOffer.PreAuthorizedCodeGrantType), new("pre-authorized_code", code)];

        Assert.Equal("invalid_dpop_proof", (await wallet.TokenRequestAsync(form, withDpop: false)).Error);
        var withoutNonce = await DpopProof.CreateAsync(wallet.DpopKey, "POST", new Uri(host.Url + "/token"), DateTimeOffset.UtcNow);
        Assert.Equal("use_dpop_nonce", (await wallet.TokenRequestAsync(form, withoutNonce)).Error);
        Assert.NotNull(wallet.DpopNonce);

        var wrongUrl = await DpopProof.CreateAsync(wallet.DpopKey, "POST", new Uri(host.Url + "/credential"), DateTimeOffset.UtcNow, wallet.DpopNonce);
        Assert.Equal("invalid_dpop_proof", (await wallet.TokenRequestAsync(form, wrongUrl)).Error);
        var stale = await DpopProof.CreateAsync(wallet.DpopKey, "POST", new Uri(host.Url + "/token"), DateTimeOffset.UtcNow.AddMinutes(-30), wallet.DpopNonce);
        Assert.Equal("invalid_dpop_proof", (await wallet.TokenRequestAsync(form, stale)).Error);

        var proof = await wallet.DpopAsync("POST", "/token");
        var used = await wallet.TokenRequestAsync([new("grant_type", "authorization_code"), new("code", "x")], proof);
        Assert.Equal("unsupported_grant_type", used.Error);
        Assert.Equal(HttpStatusCode.OK, (await wallet.TokenRequestAsync(form, proof)).Status);
        Assert.Equal("invalid_dpop_proof", (await wallet.TokenRequestAsync(form, proof)).Error);
    }

    [Fact]
    public async Task The_credential_endpoint_needs_the_tokens_DPoP_key_and_refuses_bearer_use()
    {
        await using var host = await IssuerHost.StartAsync();
        var (wallet, created) = await RedeemedAsync(host);
        using var _ = wallet;
        var proofs = await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), [SoftwareSigner.Generate(CoseAlgorithm.ES256)]);
        var body = Request(Configuration, proofs);

        Assert.Equal("invalid_token", (await wallet.PostAsync("/credential", body, authorization: "Bearer " + wallet.AccessToken)).Error);
        Assert.Equal("invalid_token", (await wallet.PostAsync("/credential", body, authorization: "DPoP " + wallet.AccessToken + "x")).Error);
        var thief = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var stolen = await wallet.PostAsync("/credential", body, dpop: await wallet.DpopAsync("POST", "/credential", wallet.AccessToken, key: thief));
        Assert.Equal(HttpStatusCode.Unauthorized, stolen.Status);
        Assert.Equal("invalid_dpop_proof", stolen.Error);
        Assert.Equal("invalid_dpop_proof", (await wallet.PostAsync("/credential", body, dpop: await wallet.DpopAsync("POST", "/credential"))).Error);
        await AssertNothingIssuedAsync(host, created);
    }

    [Fact]
    public async Task Key_proofs_with_the_wrong_audience_type_algorithm_nonce_or_key_are_refused_and_spend_nothing()
    {
        await using var host = await IssuerHost.StartAsync();
        var (wallet, created) = await RedeemedAsync(host, batch: 2);
        using var _ = wallet;
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var nonce = await wallet.NonceAsync();

        Assert.Equal("invalid_proof", (await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync("https://other.example", nonce, [key]))).Error);
        Assert.Equal("invalid_proof", (await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, null, [key]))).Error);
        Assert.Equal("invalid_nonce", (await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, nonce[..^2] + "AA", [key]))).Error);
        Assert.Equal("invalid_proof", (await wallet.CredentialAsync(Configuration, [await Unsigned(key, host.Url, nonce)])).Error);
        Assert.Equal("invalid_proof", (await wallet.CredentialAsync(Configuration, [await WithType(key, host.Url, nonce, "JWT")])).Error);
        Assert.Equal("invalid_proof", (await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, nonce, [key, key]))).Error);
        Assert.Equal("unknown_credential_configuration", (await wallet.CredentialAsync("payslip_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, nonce, [key]))).Error);
        Assert.Equal("credential_request_denied", (await wallet.CredentialAsync("enrollment_certificate_dc_sd_jwt", await RawWallet.ProofsAsync(host.Url, nonce, [key]))).Error);
        Assert.Equal("invalid_credential_request", (await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, nonce, [key, .. Enumerable.Range(0, 10).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256))]))).Error);
        Assert.Equal("invalid_credential_request", (await wallet.PostAsync("/credential", new JsonObject { ["credential_configuration_id"] = Configuration, ["proof"] = new JsonObject() })).Error);
        Assert.Equal("invalid_encryption_parameters", (await wallet.PostAsync("/credential", new JsonObject { ["credential_configuration_id"] = Configuration, ["credential_response_encryption"] = new JsonObject() })).Error);
        await AssertNothingIssuedAsync(host, created);

        // Nothing above spent the nonce or the key: the same ones now work, once.
        var issued = await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, nonce, [key]));
        Assert.True(issued.Status == HttpStatusCode.OK, issued.Text);
    }

    [Fact]
    public async Task A_key_or_a_nonce_used_for_one_offer_is_refused_for_the_next()
    {
        await using var host = await IssuerHost.StartAsync();
        var (first, _) = await RedeemedAsync(host);
        var (second, created) = await RedeemedAsync(host);
        using var a = first;
        using var b = second;
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var nonce = await first.NonceAsync();
        Assert.Equal(HttpStatusCode.OK, (await first.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, nonce, [key]))).Status);

        Assert.Equal("invalid_nonce", (await second.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, nonce, [SoftwareSigner.Generate(CoseAlgorithm.ES256)]))).Error);
        Assert.Equal("invalid_proof", (await second.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, await second.NonceAsync(), [key]))).Error);
        await AssertNothingIssuedAsync(host, created);
    }

    [Fact]
    public async Task Racing_requests_for_one_offer_get_its_credentials_once()
    {
        await using var host = await IssuerHost.StartAsync();
        var (wallet, created) = await RedeemedAsync(host);
        using var _ = wallet;
        var nonces = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            nonces.Add(await wallet.NonceAsync());
        }

        var replies = await Task.WhenAll(nonces.Select(async n => await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, n, [SoftwareSigner.Generate(CoseAlgorithm.ES256)]))));
        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("credential_request_denied", r.Error));
        Assert.Single(await host.Stores.Issued.ListAsync(created["offer_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Oversized_bodies_get_413_and_the_admin_API_needs_its_token()
    {
        await using var host = await IssuerHost.StartAsync();
        using var http = new HttpClient();
        using var huge = new StringContent(new string('a', 300 * 1024), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync(host.Url + "/credential", huge)).StatusCode);
        using var hugeForm = new StringContent(new string('a', 300 * 1024), Encoding.UTF8, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync(host.Url + "/token", hugeForm)).StatusCode);

        using var noToken = await http.PostAsync(host.Url + "/admin/offers", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, host.Url + "/admin/offers");
        wrongToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", IssuerHost.AdminToken[..^1] + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrongToken)).StatusCode);
    }

    [Fact]
    public async Task HR_gets_the_claims_problems_at_offer_creation_without_their_values()
    {
        await using var host = await IssuerHost.StartAsync();
        var claims = IssuerHost.SlipClaims();
        claims.Remove("payer_name");
        claims["payment_amount"] = "五百万円";
        var body = new JsonObject { ["type"] = "withholding-slip", ["format"] = "sd-jwt", ["claims"] = claims };
        using var response = await host.Admin.PostAsync("admin/offers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonNode.Parse(text)!;
        Assert.Equal("claims_do_not_fit", json["error"]!.GetValue<string>());
        Assert.Contains(json["problems"]!.AsArray(), p => p!["element"]!.GetValue<string>().EndsWith("payment_amount", StringComparison.Ordinal));
        Assert.DoesNotContain("五百万円", text, StringComparison.Ordinal);
        Assert.DoesNotContain("山田", text, StringComparison.Ordinal);
        Assert.Empty(await ((IOfferStore)host.Stores.Offers).ListAsync());

        using var tooMany = await host.Admin.PostAsync("admin/offers", new StringContent(new JsonObject { ["type"] = "withholding-slip", ["claims"] = IssuerHost.SlipClaims(), ["batch_size"] = 11 }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal("batch_too_large", JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    private static async Task<(RawWallet Wallet, JsonObject Created)> RedeemedAsync(IssuerHost host, int batch = 1)
    {
        var created = await host.CreateOfferAsync(txCode: false, batch: batch);
        var wallet = new RawWallet(host.Url);
        var code = (await wallet.ResolveAsync(created["offer"]!.GetValue<string>())).PreAuthorizedCode!.PreAuthorizedCode;
        Assert.Equal(HttpStatusCode.OK, (await wallet.RedeemAsync(code, null)).Status);
        return (wallet, created);
    }

    private static async Task AssertNothingIssuedAsync(IssuerHost host, JsonObject created)
    {
        var offerId = created["offer_id"]!.GetValue<string>();
        Assert.Empty(await host.Stores.Issued.ListAsync(offerId));
        var offer = await host.Stores.Offers.GetAsync(offerId);
        Assert.Equal(OfferState.Offered, offer!.State);
        Assert.NotNull(offer.Claims);
    }

    private static JsonObject Request(string configurationId, IReadOnlyList<string> proofs) =>
        new() { ["credential_configuration_id"] = configurationId, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]) } };

    private static Task<string> Unsigned(SoftwareSigner key, string audience, string nonce)
    {
        var header = new JsonObject { ["typ"] = KeyProof.MediaType, ["alg"] = "none", ["jwk"] = JsonWebKey.FromCoseKey(key.PublicKey).ToJsonObject() };
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["nonce"] = nonce };
        return Task.FromResult(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString())) + ".");
    }

    private static async Task<string> WithType(SoftwareSigner key, string audience, string nonce, string type)
    {
        var header = new JsonObject { ["typ"] = type, ["alg"] = "ES256", ["jwk"] = JsonWebKey.FromCoseKey(key.PublicKey).ToJsonObject() };
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["nonce"] = nonce };
        return (await CompactJws.CreateAsync(header, payload, key)).Text;
    }
}
