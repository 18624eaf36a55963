using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Honnin.Tests.Services;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// The authorization code flow: PAR with the offer's issuer_state and PKCE S256, the employee signed in by the host,
/// the code back with iss and state, redeemed once with the verifier and DPoP; and the requests written to get around it.
/// </summary>
public sealed class AuthorizationCodeFlowTests
{
    private const string ClientId = "wallet.example";
    private const string RedirectUri = "https://wallet.example/callback";
    private const string Configuration = "withholding_slip_dc_sd_jwt";

    [Fact]
    public async Task The_named_employee_signs_in_and_receives_the_offer()
    {
        await using var host = await StartAsync();
        var created = await host.CreateOfferAsync(txCode: false, employee: "E-1001", batch: 2);
        using var wallet = new RawWallet(host.Url);
        var offer = await wallet.ResolveAsync(created["offer"]!.GetValue<string>());
        Assert.NotNull(offer.AuthorizationCode?.IssuerState);

        var server = AuthorizationServerMetadata.Parse(await new HttpClient().GetByteArrayAsync(AuthorizationServerMetadata.WellKnownUri(host.Url)), host.Url);
        Assert.Equal(host.Url + "/par", server.PushedAuthorizationRequestEndpoint);
        Assert.Equal(["S256"], server.CodeChallengeMethods);

        var verifier = Verifier();
        var requestUri = await PushAsync(wallet, offer.AuthorizationCode!.IssuerState!, Challenge(verifier));
        var redirect = await AuthorizeAsync(host, requestUri, "E-1001");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var callback = redirect.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", callback.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal(host.Url, query["iss"]);
        Assert.Equal("state-1", query["state"]);

        var token = await wallet.TokenRequestAsync(CodeForm(query["code"]!, verifier));
        if (token.Error == "use_dpop_nonce")
        {
            token = await wallet.TokenRequestAsync(CodeForm(query["code"]!, verifier));
        }

        Assert.True(token.Status == HttpStatusCode.OK, token.Text);
        wallet.AccessToken = token.Json!["access_token"]!.GetValue<string>();
        var keys = new[] { SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.ES256) };
        var issued = await wallet.CredentialAsync(Configuration, await RawWallet.ProofsAsync(host.Url, await wallet.NonceAsync(), keys));
        Assert.True(issued.Status == HttpStatusCode.OK, issued.Text);
        Assert.Equal(2, issued.Json!["credentials"]!.AsArray().Count);

        Assert.Equal("invalid_grant", (await wallet.TokenRequestAsync(CodeForm(query["code"]!, verifier))).Error);
    }

    [Fact]
    public async Task Another_employee_gets_access_denied_and_nobody_gets_in_without_signing_in()
    {
        await using var host = await StartAsync();
        var created = await host.CreateOfferAsync(txCode: false, employee: "E-1001");
        using var wallet = new RawWallet(host.Url);
        var issuerState = (await wallet.ResolveAsync(created["offer"]!.GetValue<string>())).AuthorizationCode!.IssuerState!;

        var unsigned = await AuthorizeAsync(host, await PushAsync(wallet, issuerState, Challenge(Verifier())), employee: null);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        var other = await AuthorizeAsync(host, await PushAsync(wallet, issuerState, Challenge(Verifier())), "E-2002");
        var query = HttpUtility.ParseQueryString(other.Headers.Location!.Query);
        Assert.Equal("access_denied", query["error"]);
        Assert.Null(query["code"]);
    }

    [Fact]
    public async Task A_wrong_verifier_a_reused_request_uri_another_client_or_another_DPoP_key_gets_nothing()
    {
        await using var host = await StartAsync();
        var created = await host.CreateOfferAsync(txCode: false, employee: "E-1001");
        using var wallet = new RawWallet(host.Url);
        var issuerState = (await wallet.ResolveAsync(created["offer"]!.GetValue<string>())).AuthorizationCode!.IssuerState!;
        var verifier = Verifier();
        var requestUri = await PushAsync(wallet, issuerState, Challenge(verifier));
        var code = HttpUtility.ParseQueryString((await AuthorizeAsync(host, requestUri, "E-1001")).Headers.Location!.Query)["code"]!;

        var reused = HttpUtility.ParseQueryString((await AuthorizeAsync(host, requestUri, "E-1001")).Headers.Location!.Query);
        Assert.Equal("invalid_request", reused["error"]);

        Assert.Equal("invalid_grant", (await RedeemAsync(wallet, CodeForm(code, Verifier()))).Error);
        var otherClient = CodeForm(code, verifier);
        otherClient[3] = new("client_id", "evil.example");
        Assert.Equal("invalid_grant", (await RedeemAsync(wallet, otherClient)).Error);
        using var thief = new RawWallet(host.Url);
        Assert.Equal("invalid_dpop_proof", (await RedeemAsync(thief, CodeForm(code, verifier))).Error);
        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(wallet, CodeForm(code, verifier))).Status);
    }

    [Fact]
    public async Task PAR_refuses_plain_PKCE_a_forged_issuer_state_an_offer_without_employee_and_another_configuration()
    {
        await using var host = await StartAsync();
        var created = await host.CreateOfferAsync(txCode: false, employee: "E-1001");
        var anonymous = await host.CreateOfferAsync(txCode: false);
        using var wallet = new RawWallet(host.Url);
        var issuerState = (await wallet.ResolveAsync(created["offer"]!.GetValue<string>())).AuthorizationCode!.IssuerState!;
        Assert.Null((await wallet.ResolveAsync(anonymous["offer"]!.GetValue<string>())).AuthorizationCode);

        var verifier = Verifier();
        var plain = Par(issuerState, verifier);
        plain[4] = new("code_challenge_method", "plain");
        Assert.Equal("invalid_request", (await PostParAsync(wallet, plain)).Error);
        Assert.Equal("invalid_request", (await PostParAsync(wallet, Par(issuerState[..^2] + "AA", Challenge(verifier)))).Error);
        Assert.Equal("invalid_request", (await PostParAsync(wallet, Par(anonymous["offer_id"]!.GetValue<string>() + ".x", Challenge(verifier)))).Error);
        var otherScope = Par(issuerState, Challenge(verifier));
        otherScope[5] = new("scope", "enrollment_certificate_dc_sd_jwt");
        Assert.Equal("invalid_scope", (await PostParAsync(wallet, otherScope)).Error);
        var badRedirect = Par(issuerState, Challenge(verifier));
        badRedirect[2] = new("redirect_uri", "http://wallet.example/callback");
        Assert.Equal("invalid_request", (await PostParAsync(wallet, badRedirect)).Error);
    }

    private static Task<IssuerHost> StartAsync() => IssuerHost.StartAsync(o => o with { AuthorizationCodeFlow = true });

    private static async Task<string> PushAsync(RawWallet wallet, string issuerState, string challenge)
    {
        var reply = await PostParAsync(wallet, Par(issuerState, challenge));
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Text);
        return reply.Json!["request_uri"]!.GetValue<string>();
    }

    private static async Task<RawWallet.Reply> PostParAsync(RawWallet wallet, List<KeyValuePair<string, string>> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, wallet.Issuer + "/par") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("DPoP", await wallet.DpopAsync("POST", "/par"));
        var reply = await wallet.SendAsync(request);
        if (reply.Error != "use_dpop_nonce")
        {
            return reply;
        }

        using var again = new HttpRequestMessage(HttpMethod.Post, wallet.Issuer + "/par") { Content = new FormUrlEncodedContent(form) };
        again.Headers.Add("DPoP", await wallet.DpopAsync("POST", "/par"));
        return await wallet.SendAsync(again);
    }

    private static List<KeyValuePair<string, string>> Par(string issuerState, string challenge) =>
    [
        new("response_type", "code"),
        new("client_id", ClientId),
        new("redirect_uri", RedirectUri),
        new("code_challenge", challenge),
        new("code_challenge_method", "S256"),
        new("scope", Configuration),
        new("issuer_state", issuerState),
        new("state", "state-1"),
    ];

    private static List<KeyValuePair<string, string>> CodeForm(string code, string verifier) =>
    [
        new("grant_type", "authorization_code"),
        new("code", code),
        new("redirect_uri", RedirectUri),
        new("client_id", ClientId),
        new("code_verifier", verifier),
    ];

    private static async Task<RawWallet.Reply> RedeemAsync(RawWallet wallet, List<KeyValuePair<string, string>> form)
    {
        var reply = await wallet.TokenRequestAsync(form);
        return reply.Error == "use_dpop_nonce" ? await wallet.TokenRequestAsync(form) : reply;
    }

    private static async Task<HttpResponseMessage> AuthorizeAsync(IssuerHost host, string requestUri, string? employee)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host.Url}/authorize?client_id={Uri.EscapeDataString(ClientId)}&request_uri={Uri.EscapeDataString(requestUri)}");
        if (employee is not null)
        {
            request.Headers.Add(IssuerHost.EmployeeHeader, employee);
        }

        return await http.SendAsync(request);
    }

    private static string Verifier() => Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64UrlEncoding.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
