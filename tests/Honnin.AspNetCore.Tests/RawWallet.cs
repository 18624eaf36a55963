using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.OpenId4Vc;

namespace Honnin.AspNetCore.Tests;

/// <summary>
/// A wallet written out step by step over plain HTTP — the requests an OpenID4VCI wallet sends, each one open to
/// being bent by a test: DPoP proofs, the token request, the nonce, key proofs, the credential request.
/// </summary>
internal sealed class RawWallet(string issuer) : IDisposable
{
    private readonly HttpClient _http = new();

    public SoftwareSigner DpopKey { get; } = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    public string? DpopNonce { get; set; }

    public string? AccessToken { get; set; }

    public string Issuer { get; } = issuer;

    public async Task<CredentialOffer> ResolveAsync(string link)
    {
        var parsed = CredentialOfferLink.Parse(link);
        if (parsed.Offer is not null)
        {
            return parsed.Offer;
        }

        return CredentialOffer.Parse(await _http.GetStringAsync(parsed.OfferUri));
    }

    public Task<string> DpopAsync(string method, string path, string? accessToken = null, string? nonce = null, SoftwareSigner? key = null) =>
        DpopProof.CreateAsync(key ?? DpopKey, method, new Uri(Issuer + path), DateTimeOffset.UtcNow, nonce ?? DpopNonce, accessToken).AsTask();

    /// <summary>Sends a token request as given (with a DPoP proof unless told not to), remembering a DPoP-Nonce it is sent.</summary>
    public async Task<Reply> TokenRequestAsync(IEnumerable<KeyValuePair<string, string>> form, string? dpop = null, bool withDpop = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/token") { Content = new FormUrlEncodedContent(form) };
        if (withDpop)
        {
            request.Headers.Add("DPoP", dpop ?? await DpopAsync("POST", "/token"));
        }

        return await SendAsync(request);
    }

    /// <summary>Redeems a pre-authorized code, answering one <c>use_dpop_nonce</c> challenge as a wallet does.</summary>
    public async Task<Reply> RedeemAsync(string code, string? txCode)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", CredentialOffer.PreAuthorizedCodeGrantType), new("pre-authorized_code", code) };
        if (txCode is not null)
        {
            form.Add(new("tx_code", txCode));
        }

        var reply = await TokenRequestAsync(form);
        if (reply.Error == "use_dpop_nonce")
        {
            reply = await TokenRequestAsync(form);
        }

        if (reply.Status == HttpStatusCode.OK)
        {
            AccessToken = reply.Json!["access_token"]!.GetValue<string>();
        }

        return reply;
    }

    public async Task<string> NonceAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + "/nonce");
        var reply = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!["c_nonce"]!.GetValue<string>();
    }

    public static async Task<List<string>> ProofsAsync(string audience, string? nonce, IEnumerable<SoftwareSigner> keys)
    {
        var proofs = new List<string>();
        foreach (var key in keys)
        {
            proofs.Add(await KeyProof.CreateAsync(key, audience, DateTimeOffset.UtcNow, nonce));
        }

        return proofs;
    }

    /// <summary>POSTs JSON to a token-protected endpoint with the access token and a fresh DPoP proof.</summary>
    public async Task<Reply> PostAsync(string path, JsonObject body, string? dpop = null, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Issuer + path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization ?? "DPoP " + AccessToken);
        request.Headers.Add("DPoP", dpop ?? await DpopAsync("POST", path, AccessToken));
        var reply = await SendAsync(request);
        if (reply.Error == "use_dpop_nonce" && dpop is null)
        {
            using var again = new HttpRequestMessage(HttpMethod.Post, Issuer + path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            again.Headers.TryAddWithoutValidation("Authorization", authorization ?? "DPoP " + AccessToken);
            again.Headers.Add("DPoP", await DpopAsync("POST", path, AccessToken));
            reply = await SendAsync(again);
        }

        return reply;
    }

    public Task<Reply> CredentialAsync(string configurationId, IReadOnlyList<string> proofs) =>
        PostAsync("/credential", new JsonObject { ["credential_configuration_id"] = configurationId, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]) } });

    public async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("DPoP-Nonce", out var nonces))
        {
            DpopNonce = nonces.First();
        }

        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text[0] == '{' ? (JsonObject)JsonNode.Parse(text)! : null;
        return new Reply(response.StatusCode, json, text, response.Headers.CacheControl?.NoStore ?? false);
    }

    public void Dispose() => _http.Dispose();

    internal sealed record Reply(HttpStatusCode Status, JsonObject? Json, string Text, bool NoStore)
    {
        public string? Error => Json?["error"]?.GetValue<string>();
    }
}
