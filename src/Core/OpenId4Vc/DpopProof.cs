using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// DPoP proofs (RFC 9449 §4): a JWT with <c>typ</c> <c>dpop+jwt</c>, the signer's public key in the <c>jwk</c> header,
/// and the claims <c>jti</c>, <c>htm</c>, <c>htu</c>, <c>iat</c>, and when asked for, <c>nonce</c> and <c>ath</c>. The
/// <c>htu</c> form of a URL (<see cref="NormalizeHtu"/>) is the one both the client and the server compare.
/// </summary>
public static class DpopProof
{
    /// <summary>The <c>typ</c> of a DPoP proof (RFC 9449 §4.2).</summary>
    public const string MediaType = "dpop+jwt";

    private const int JtiSize = 16;

    /// <summary>Creates a DPoP proof for one HTTP request.</summary>
    /// <param name="signer">The client's DPoP key; its public key goes into the <c>jwk</c> header (never a <c>kid</c>).</param>
    /// <param name="httpMethod">The request's method, as sent (e.g. <c>POST</c>).</param>
    /// <param name="url">The request's absolute http or https URL; query and fragment are left out of <c>htu</c>.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="nonce">The server's latest <c>DPoP-Nonce</c>, if it sent one.</param>
    /// <param name="accessToken">The access token the request carries, for <c>ath</c>; null at the token endpoint.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The compact JWS, the value of the <c>DPoP</c> header.</returns>
    /// <exception cref="ArgumentException">The method is empty, the URL is not an absolute http(s) URL, the access token is not ASCII, or the signer's algorithm is not a JWS signature algorithm.</exception>
    public static async ValueTask<string> CreateAsync(ISigner signer, string httpMethod, Uri url, DateTimeOffset issuedAt, string? nonce = null, string? accessToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentException.ThrowIfNullOrEmpty(httpMethod);
        var claims = new JsonObject
        {
            ["jti"] = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(JtiSize)),
            ["htm"] = httpMethod,
            ["htu"] = NormalizeHtu(url),
            ["iat"] = JwtNumericDate.ToNode(issuedAt),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (accessToken is not null)
        {
            claims["ath"] = AccessTokenHash(accessToken);
        }

        return await ProofJwt.SignAsync(signer, MediaType, claims, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>ath</c> of an access token: base64url(SHA-256(ASCII(token))) (RFC 9449 §4.2).</summary>
    /// <param name="accessToken">The access token.</param>
    /// <returns>The hash, base64url.</returns>
    /// <exception cref="ArgumentException">The token is empty or not ASCII (RFC 6750 tokens are).</exception>
    public static string AccessTokenHash(string accessToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        if (!Ascii.IsValid(accessToken))
        {
            throw new ArgumentException("An access token is ASCII.", nameof(accessToken));
        }

        return Base64UrlEncoding.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
    }

    /// <summary>
    /// The <c>htu</c> form of a request URL: scheme and host in lower case, the default port left out, the path
    /// normalised as RFC 3986 §6.2.2–6.2.3 asks (dot segments removed, unreserved characters unescaped, an empty path
    /// as <c>/</c>), and no user information, query or fragment.
    /// </summary>
    /// <param name="url">An absolute http or https URL.</param>
    /// <returns>The <c>htu</c> value.</returns>
    /// <exception cref="ArgumentException">The URL is relative or not http(s).</exception>
    public static string NormalizeHtu(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return TryNormalize(url, out var htu) ? htu : throw new ArgumentException("A DPoP htu is an absolute http or https URL.", nameof(url));
    }

    /// <summary>Reads an <c>htu</c> value (or any URL) into its normalised form, as <see cref="NormalizeHtu"/> writes it; query and fragment are dropped.</summary>
    /// <param name="text">The URL text.</param>
    /// <param name="htu">The normalised form, when the text is an absolute http(s) URL.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryNormalizeHtu([NotNullWhen(true)] string? text, [NotNullWhen(true)] out string? htu)
    {
        htu = null;
        return text is not null && Uri.TryCreate(text, UriKind.Absolute, out var url) && TryNormalize(url, out htu);
    }

    private static bool TryNormalize(Uri url, [NotNullWhen(true)] out string? htu)
    {
        htu = null;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            return false;
        }

        htu = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return true;
    }
}
