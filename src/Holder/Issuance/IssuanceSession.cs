using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>
/// One issuance's DPoP key (fresh for it, RFC 9449) and, once the token endpoint gave it, its access token: requests
/// to the issuer carry a DPoP proof with the latest nonce of their origin, and are sent once more when the server asks
/// for a fresh nonce (<c>use_dpop_nonce</c>).
/// </summary>
internal sealed class IssuanceSession : IDisposable
{
    private readonly TimeProvider _time;

    private IssuanceSession(ServiceChannel channel, SoftwareSigner dpopKey, string dpopJwk, TimeProvider time)
    {
        Channel = channel;
        DpopKey = dpopKey;
        DpopJwk = dpopJwk;
        _time = time;
    }

    public ServiceChannel Channel { get; }

    /// <summary>The time for proofs.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    public SoftwareSigner DpopKey { get; }

    /// <summary>The DPoP private key as a JWK, for a pending issuance to resume with; a secret.</summary>
    public string DpopJwk { get; }

    /// <summary>The access token; a secret.</summary>
    public string? AccessToken { get; private set; }

    /// <summary>Whether the token is DPoP-bound (else Bearer).</summary>
    public bool DpopBound { get; private set; }

    /// <summary>A session with a fresh DPoP key for <paramref name="algorithm"/> (a JWS name).</summary>
    public static IssuanceSession Start(ServiceChannel channel, string algorithm, TimeProvider time)
    {
        var (signer, jwk) = SoftwareKeys.Generate(algorithm);
        return new IssuanceSession(channel, signer, jwk, time);
    }

    /// <summary>A session that continues with a kept DPoP key and token.</summary>
    public static IssuanceSession Resume(ServiceChannel channel, string dpopJwk, string accessToken, bool dpopBound, TimeProvider time)
    {
        var signer = PrivateJsonWebKey.ReadSigner(dpopJwk);
        return new IssuanceSession(channel, signer, dpopJwk, time) { AccessToken = accessToken, DpopBound = dpopBound };
    }

    public void UseToken(TokenResponse token)
    {
        AccessToken = token.AccessToken;
        DpopBound = string.Equals(token.TokenType, TokenResponse.DpopTokenType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A form POST with a DPoP proof and no access token (the token endpoint).</summary>
    public Task<ServiceAnswer> PostFormAsync(Uri url, IReadOnlyList<KeyValuePair<string, string>> form, int maxLength, CancellationToken cancellationToken) =>
        SendWithDpopAsync(url, () => new FormUrlEncodedContent(form), accessToken: null, maxLength, cancellationToken);

    /// <summary>A JSON POST with the access token (and its DPoP proof when the token is bound).</summary>
    public Task<ServiceAnswer> PostAuthorizedAsync(Uri url, JsonObject body, int maxLength, CancellationToken cancellationToken)
    {
        var json = StrictJson.SerializeToUtf8Bytes(body);
        return SendWithDpopAsync(url, () => Json(json), AccessToken ?? throw new InvalidOperationException("No access token yet."), maxLength, cancellationToken);
    }

    /// <summary>A JSON POST without authentication (the nonce endpoint).</summary>
    public async Task<ServiceAnswer> PostAsync(Uri url, int maxLength, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent([]) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await Channel.SendAsync(request, maxLength, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => DpopKey.Dispose();

    private async Task<ServiceAnswer> SendWithDpopAsync(Uri url, Func<HttpContent> content, string? accessToken, int maxLength, CancellationToken cancellationToken)
    {
        var sentNonce = Channel.DpopNonce(url);
        var answer = await SendOnceAsync(url, content(), accessToken, sentNonce, maxLength, cancellationToken).ConfigureAwait(false);
        if (answer.AsksForDpopNonce && (accessToken is null || DpopBound) && Channel.DpopNonce(url) is { } fresh && fresh != sentNonce)
        {
            // RFC 9449 §8, §9: the server wants its nonce in the proof; one more try with the nonce it just sent.
            answer = await SendOnceAsync(url, content(), accessToken, fresh, maxLength, cancellationToken).ConfigureAwait(false);
        }

        return answer;
    }

    private async Task<ServiceAnswer> SendOnceAsync(Uri url, HttpContent content, string? accessToken, string? nonce, int maxLength, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (accessToken is null || DpopBound)
        {
            var proof = await DpopProof.CreateAsync(DpopKey, "POST", url, _time.GetUtcNow(), nonce, accessToken, cancellationToken).ConfigureAwait(false);
            request.Headers.TryAddWithoutValidation("DPoP", proof);
        }

        if (accessToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", (DpopBound ? "DPoP " : "Bearer ") + accessToken);
        }

        return await Channel.SendAsync(request, maxLength, cancellationToken).ConfigureAwait(false);
    }

    private static ByteArrayContent Json(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }
}
