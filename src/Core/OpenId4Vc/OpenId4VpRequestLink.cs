using System.Diagnostics.CodeAnalysis;
using Honnin.Registration;

namespace Honnin.OpenId4Vc;

/// <summary>
/// How an OpenID4VP request reaches the wallet (OpenID4VP 1.0 §5.7): an <c>openid4vp://</c> link, scanned from a QR
/// code or opened on the same device, naming the verifier's <c>client_id</c> and where the wallet fetches the signed
/// request object (<c>request_uri</c>, with <c>request_uri_method</c> <c>get</c> or <c>post</c>), or carrying the
/// request object itself (<c>request</c>). A link without a signed request object is not read: nothing in it could be
/// tied to the verifier.
/// </summary>
public sealed class OpenId4VpRequestLink
{
    /// <summary>The scheme of a wallet-agnostic request link.</summary>
    public const string Scheme = "openid4vp";

    /// <summary>The longest link read.</summary>
    public const int MaxLength = 16 * 1024;

    private OpenId4VpRequestLink(string clientId, Uri? requestUri, string method, string? request)
    {
        ClientId = clientId;
        RequestUri = requestUri;
        RequestUriMethod = method;
        Request = request;
    }

    /// <summary>The verifier's client identifier as the link names it; the request object must name the same.</summary>
    public string ClientId { get; }

    /// <summary>Where to fetch the request object, when the link carries it by reference.</summary>
    public Uri? RequestUri { get; }

    /// <summary><c>get</c> (the default) or <c>post</c> (the wallet may send its metadata and a <c>wallet_nonce</c>).</summary>
    public string RequestUriMethod { get; }

    /// <summary>The request object (a compact JWS), when the link carries it by value.</summary>
    public string? Request { get; }

    /// <summary>The link for a request object by reference.</summary>
    /// <param name="clientId">The verifier's client identifier, prefix included.</param>
    /// <param name="requestUri">Where the wallet fetches the request object: https (http only on loopback).</param>
    /// <param name="post">Whether the wallet fetches it with a POST (<c>request_uri_method=post</c>).</param>
    /// <returns>The link.</returns>
    /// <exception cref="ArgumentException">The request URI is not https.</exception>
    public static string ByReference(ClientId clientId, Uri requestUri, bool post = false)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!IsHttpsOrLoopback(requestUri))
        {
            throw new ArgumentException("A request URI is https (plain http only on loopback).", nameof(requestUri));
        }

        return $"{Scheme}://?client_id={Uri.EscapeDataString(clientId.Value)}&request_uri={Uri.EscapeDataString(requestUri.AbsoluteUri)}"
            + (post ? "&request_uri_method=post" : "");
    }

    /// <summary>Reads a link.</summary>
    /// <param name="link">The link.</param>
    /// <returns>The link's parts.</returns>
    /// <exception cref="CredentialFormatException">It is not an OpenID4VP link with a signed request object (<see cref="OpenId4VcFailureCodes.RequestMalformed"/>).</exception>
    public static OpenId4VpRequestLink Parse(string link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.Length > MaxLength || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)
            || !(uri.Scheme == Scheme || uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw Malformed("The text is not an openid4vp:// link.");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name, value;
            try
            {
                name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                throw Malformed("The link's query is not well-formed.");
            }

            if (!parameters.TryAdd(name, value))
            {
                throw Malformed($"The link names {name} twice.");
            }
        }

        if (!parameters.TryGetValue("client_id", out var clientId) || !Registration.ClientId.TryParse(clientId, out _))
        {
            throw Malformed("The link names no client_id.");
        }

        var method = parameters.GetValueOrDefault("request_uri_method", "get");
        if (method is not ("get" or "post"))
        {
            throw Malformed("request_uri_method is neither get nor post.");
        }

        parameters.TryGetValue("request", out var request);
        parameters.TryGetValue("request_uri", out var requestUriText);
        if ((request is null) == (requestUriText is null))
        {
            throw Malformed("The link carries neither or both of request and request_uri; a request without a signed request object is not answered.");
        }

        if (request is not null)
        {
            return new OpenId4VpRequestLink(clientId, null, method, request);
        }

        return Uri.TryCreate(requestUriText, UriKind.Absolute, out var requestUri) && IsHttpsOrLoopback(requestUri)
            ? new OpenId4VpRequestLink(clientId, requestUri, method, null)
            : throw Malformed("request_uri is not an https URL (plain http only on loopback).");
    }

    /// <summary>Reads a link without throwing.</summary>
    /// <param name="link">The link.</param>
    /// <param name="requestLink">The link's parts, when it reads.</param>
    /// <param name="error">Why it does not.</param>
    /// <returns>Whether it reads.</returns>
    public static bool TryParse(string link, [NotNullWhen(true)] out OpenId4VpRequestLink? requestLink, [NotNullWhen(false)] out CredentialFormatException? error) =>
        CredentialFormatException.Try(() => Parse(link), out requestLink, out error);

    /// <summary>Whether a URI is https, or plain http to a loopback address.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>True when the wallet may talk to it.</returns>
    public static bool IsHttpsOrLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) && uri.Fragment.Length == 0;
    }

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.RequestMalformed, message);
}
