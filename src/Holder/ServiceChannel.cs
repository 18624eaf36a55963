using System.Net;
using System.Net.Http.Headers;
using Honnin.OpenId4Vc;

namespace Honnin.Holder;

/// <summary>
/// The wallet's HTTP exchanges with one service (an issuer, a verifier): only https (plain http only to loopback addresses), no redirect followed
/// (a 3xx answer, or a handler that followed one, is refused), every body read up to a bound, every exchange within a
/// timeout and the caller's token; the <c>DPoP-Nonce</c> each server sends is kept per origin (RFC 9449 §8, §9).
/// </summary>
internal sealed class ServiceChannel(HttpClient http, TimeSpan timeout, Func<string, Exception?, Exception> unreachable)
{
    public ServiceChannel(HttpClient http, TimeSpan timeout, string unreachableCode)
        : this(http, timeout, (message, inner) => new Issuance.OfferAcceptanceException(unreachableCode, message, innerException: inner)) =>
        UnreachableCode = unreachableCode;

    /// <summary>For an issuer: the code of its failures.</summary>
    public string UnreachableCode { get; } = string.Empty;

    private const string DpopNonceHeader = "DPoP-Nonce";

    private readonly Dictionary<string, string> _dpopNonces = new(StringComparer.Ordinal);

    /// <summary>The code of an issuer that cannot be reached (the preview's or the issuance's).</summary>
    /// <summary>The latest <c>DPoP-Nonce</c> the origin of <paramref name="url"/> sent, if any.</summary>
    public string? DpopNonce(Uri url) => _dpopNonces.TryGetValue(Origin(url), out var nonce) ? nonce : null;

    /// <summary>Keeps a nonce for the origin of <paramref name="url"/> (e.g. one carried over to a resumed issuance).</summary>
    public void KeepDpopNonce(Uri url, string? nonce)
    {
        if (!string.IsNullOrEmpty(nonce))
        {
            _dpopNonces[Origin(url)] = nonce;
        }
    }

    /// <summary>Whether a URL may be asked at all: https, or plain http to a loopback address; no user information or fragment.</summary>
    public static bool IsAllowed(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        && url.UserInfo.Length == 0 && url.Fragment.Length == 0;

    /// <summary>Sends one request and reads its answer (any status but a redirect), its body at most <paramref name="maxLength"/> bytes.</summary>
    /// <exception cref="Exception">The URL is not allowed, the exchange failed or timed out, the answer was a redirect or too long (the channel's unreachable code).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<ServiceAnswer> SendAsync(HttpRequestMessage request, int maxLength, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        var where = Describe(url);
        if (!IsAllowed(url))
        {
            throw Unreachable($"{where} is not an https URL (plain http only to loopback addresses).");
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            if (response.RequestMessage?.RequestUri is { } answered && answered != url)
            {
                // The app's handler followed a redirect (it should be built with AllowAutoRedirect = false).
                throw Unreachable($"{where} redirected the wallet elsewhere, which it does not follow.");
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                throw Unreachable($"{where} answered with a redirect ({status}), which the wallet does not follow.");
            }

            if (response.Headers.TryGetValues(DpopNonceHeader, out var nonces) && nonces.LastOrDefault() is { Length: > 0 } nonce)
            {
                _dpopNonces[Origin(url)] = nonce;
            }

            var body = await ReadAsync(response.Content, maxLength, where, timeoutSource.Token).ConfigureAwait(false);
            return new ServiceAnswer(response.StatusCode, body, AuthenticateErrors(response.Headers.WwwAuthenticate));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable($"{where} did not answer within {timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable($"{where} cannot be reached ({e.HttpRequestError}).", e);
        }
        catch (IOException e)
        {
            throw Unreachable($"{where} broke off its answer.", e);
        }
    }

    /// <summary>A URL as messages name it: scheme, host, port and path, never a query (an offer URI may carry a secret there).</summary>
    public static string Describe(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : "The URL";

    private async Task<byte[]> ReadAsync(HttpContent content, int maxLength, string where, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxLength)
        {
            throw Unreachable($"{where} answered with more than {maxLength} bytes.");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxLength + 1, 64 * 1024)];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > maxLength)
                    {
                        throw Unreachable($"{where} answered with more than {maxLength} bytes.");
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)maxLength + 1, buffer.Length * 2L));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > maxLength)
            {
                throw Unreachable($"{where} answered with more than {maxLength} bytes.");
            }

            return buffer[..total];
        }
    }

    // The error codes of DPoP or Bearer challenges (RFC 9449 §7.1, RFC 6750 §3), e.g. use_dpop_nonce.
    private static string[] AuthenticateErrors(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges)
    {
        var errors = new List<string>();
        foreach (var challenge in challenges)
        {
            var parameter = challenge.Parameter;
            var at = parameter?.IndexOf("error=\"", StringComparison.Ordinal) ?? -1;
            if (at < 0 || (at > 0 && parameter![at - 1] is not (' ' or ',')))
            {
                continue;
            }

            var start = at + "error=\"".Length;
            var end = parameter!.IndexOf('"', start);
            if (end > start)
            {
                errors.Add(parameter[start..end]);
            }
        }

        return [.. errors];
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private Exception Unreachable(string message, Exception? inner = null) => unreachable(message, inner);

}

/// <summary>One answer of an issuer: its status, its body (bounded), and the error codes of its authentication challenges.</summary>
internal sealed record ServiceAnswer(HttpStatusCode Status, byte[] Body, IReadOnlyList<string> ChallengeErrors)
{
    /// <summary>Whether the status is 200.</summary>
    public bool IsOk => Status == HttpStatusCode.OK;

    /// <summary>The OAuth error in the body, when it is one.</summary>
    public OAuthError? Error => Body.Length > 0 ? OAuthError.TryParse(Body) : null;

    /// <summary>Whether the server asks for a DPoP nonce (in the body at the token endpoint, in the challenge at a resource).</summary>
    public bool AsksForDpopNonce =>
        Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
        && (Error?.Error == "use_dpop_nonce" || ChallengeErrors.Contains("use_dpop_nonce"));
}
