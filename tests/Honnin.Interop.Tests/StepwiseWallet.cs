using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.OpenId4Vc;

namespace Honnin.Interop.Tests;

/// <summary>
/// An OpenID4VCI wallet written out step by step over plain HTTP with Honnin's protocol types (offer links, metadata,
/// DPoP and key proofs), the same steps as tests/Honnin.AspNetCore.Tests/RawWallet.cs but with every endpoint taken
/// from the issuer's metadata, so that it can talk to a peer issuer.
/// </summary>
internal sealed class StepwiseWallet : IDisposable
{
    private readonly HttpClient _http = new();

    public SoftwareSigner DpopKey { get; } = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    public string? DpopNonce { get; private set; }

    public string? AccessToken { get; private set; }

    public JsonObject? IssuerMetadata { get; private set; }

    public AuthorizationServerMetadata? AuthorizationServer { get; private set; }

    /// <summary>Every DPoP nonce challenge answered, by endpoint path.</summary>
    public List<string> NonceChallenges { get; } = [];

    public async Task<CredentialOffer> ResolveAsync(string link)
    {
        var parsed = CredentialOfferLink.Parse(link);
        return parsed.Offer ?? CredentialOffer.Parse(await _http.GetStringAsync(parsed.OfferUri));
    }

    /// <summary>Reads the credential issuer's metadata and its authorization server's (the issuer itself unless it names another).</summary>
    public async Task DiscoverAsync(string credentialIssuer)
    {
        IssuerMetadata = (JsonObject)JsonNode.Parse(await _http.GetStringAsync(CredentialIssuerMetadata.WellKnownUri(credentialIssuer)))!;
        Assert.Equal(credentialIssuer, IssuerMetadata["credential_issuer"]!.GetValue<string>());
        var server = IssuerMetadata["authorization_servers"]?[0]?.GetValue<string>() ?? credentialIssuer;
        AuthorizationServer = AuthorizationServerMetadata.Parse(await _http.GetByteArrayAsync(AuthorizationServerMetadata.WellKnownUri(server)), server);
    }

    public string Endpoint(string name) => IssuerMetadata![name]!.GetValue<string>();

    /// <summary>Redeems a pre-authorized code with a DPoP proof, answering one <c>use_dpop_nonce</c> challenge as a wallet does.</summary>
    public async Task<Reply> RedeemAsync(string code, string? txCode)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", CredentialOffer.PreAuthorizedCodeGrantType), new("pre-authorized_code", code) };
        if (txCode is not null)
        {
            form.Add(new("tx_code", txCode));
        }

        var tokenEndpoint = new Uri(AuthorizationServer!.TokenEndpoint);
        async Task<Reply> SendTokenRequestAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("DPoP", await DpopProof.CreateAsync(DpopKey, "POST", tokenEndpoint, DateTimeOffset.UtcNow, DpopNonce));
            return await SendAsync(request);
        }

        var reply = await SendTokenRequestAsync();
        if (reply.Error == "use_dpop_nonce")
        {
            NonceChallenges.Add(tokenEndpoint.AbsolutePath);
            reply = await SendTokenRequestAsync();
        }

        if (reply.Status == HttpStatusCode.OK)
        {
            AccessToken = reply.Json!["access_token"]!.GetValue<string>();
        }

        return reply;
    }

    public async Task<string> NonceAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint("nonce_endpoint"));
        var reply = await SendAsync(request);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
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

    /// <summary>POSTs a Credential Request with the access token and a fresh DPoP proof (with <c>ath</c>), answering one nonce challenge.</summary>
    public async Task<Reply> CredentialAsync(string configurationId, IReadOnlyList<string> proofs)
    {
        var endpoint = new Uri(Endpoint("credential_endpoint"));
        var body = new JsonObject { ["credential_configuration_id"] = configurationId, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]) } };
        async Task<Reply> SendCredentialRequestAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", "DPoP " + AccessToken);
            request.Headers.Add("DPoP", await DpopProof.CreateAsync(DpopKey, "POST", endpoint, DateTimeOffset.UtcNow, DpopNonce, AccessToken));
            return await SendAsync(request);
        }

        var reply = await SendCredentialRequestAsync();
        if (reply.Status == HttpStatusCode.Unauthorized && reply.WwwAuthenticate.Contains("use_dpop_nonce", StringComparison.Ordinal))
        {
            NonceChallenges.Add(endpoint.AbsolutePath);
            reply = await SendCredentialRequestAsync();
        }

        return reply;
    }

    private async Task<Reply> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("DPoP-Nonce", out var nonces))
        {
            DpopNonce = nonces.First();
        }

        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text[0] == '{' ? (JsonObject)JsonNode.Parse(text)! : null;
        var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        return new Reply(response.StatusCode, json, text, challenge);
    }

    public void Dispose()
    {
        _http.Dispose();
        DpopKey.Dispose();
    }

    internal sealed record Reply(HttpStatusCode Status, JsonObject? Json, string Text, string WwwAuthenticate)
    {
        public string? Error => Json?["error"]?.GetValue<string>();
    }
}
