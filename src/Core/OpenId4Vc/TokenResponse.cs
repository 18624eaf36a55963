using System.Text.Json.Nodes;

namespace Honnin.OpenId4Vc;

/// <summary>
/// A successful token response (RFC 6749 §5.1, OpenID4VCI §6.2): a DPoP-bound access token (RFC 9449 §5) for the
/// credential endpoint and its lifetime.
/// </summary>
/// <param name="AccessToken">The access token; a secret.</param>
/// <param name="TokenType">The token type: <c>DPoP</c> for a DPoP-bound token, else <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Its lifetime in seconds.</param>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn)
{
    /// <summary>The largest token response read, in bytes.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The token type of a DPoP-bound token.</summary>
    public const string DpopTokenType = "DPoP";

    /// <summary>Reads a token response body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The response.</returns>
    /// <exception cref="CredentialFormatException">It is not a token response (<see cref="OpenId4VcFailureCodes.TokenResponseMalformed"/>).</exception>
    public static TokenResponse Parse(ReadOnlySpan<byte> utf8Json)
    {
        var json = Messages.ParseObject(utf8Json, MaxLength, OpenId4VcFailureCodes.TokenResponseMalformed, "token response");
        var token = Messages.Text(json, "access_token");
        var type = Messages.Text(json, "token_type");
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(type))
        {
            throw new CredentialFormatException(OpenId4VcFailureCodes.TokenResponseMalformed, "The token response has no access_token or token_type.");
        }

        return new TokenResponse(token, type, Messages.PositiveInteger(json, "expires_in") ?? 0);
    }

    /// <summary>The response as its JSON body.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson() => new() { ["access_token"] = AccessToken, ["token_type"] = TokenType, ["expires_in"] = ExpiresIn };

    /// <summary>Names the token type only; the token is a secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"TokenResponse({TokenType}, {ExpiresIn} s)";
}
