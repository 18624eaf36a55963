using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// An OAuth error response (RFC 6749 §5.2), as the token, credential, deferred and notification endpoints send it
/// (OpenID4VCI §6.3, §8.3.1.2, §9.3, §11.3): a code, a description for developers, and an interval to wait when the
/// error carries one. (A deferred issuance still pending is not an error in OpenID4VCI 1.0: it is a 202 again.)
/// </summary>
/// <param name="Error">The error code, e.g. <c>invalid_grant</c> or <c>invalid_proof</c>.</param>
/// <param name="Description">What went wrong, in words for developers; never a secret.</param>
/// <param name="Interval">Seconds to wait before polling again, for errors that carry one, if any.</param>
public sealed record OAuthError(string Error, string? Description = null, int? Interval = null)
{
    /// <summary>The largest error response read, in bytes.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Reads an error response body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The error, or null when the body is not an OAuth error object.</returns>
    public static OAuthError? TryParse(ReadOnlySpan<byte> utf8Json)
    {
        if (!StrictJson.TryParse(utf8Json, out var node, out _, new StrictJsonOptions { MaxInputLength = MaxLength, MaxDepth = 4 })
            || node is not JsonObject json || Messages.Text(json, "error") is not { Length: > 0 } error)
        {
            return null;
        }

        return new OAuthError(error, Messages.Text(json, "error_description"), Messages.PositiveInteger(json, "interval"));
    }

    /// <summary>The error as its JSON body.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["error"] = Error };
        if (Description is not null)
        {
            json["error_description"] = Description;
        }

        if (Interval is not null)
        {
            json["interval"] = Interval.Value;
        }

        return json;
    }

    /// <summary>The code and description.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Description is null ? Error : Error + ": " + Description;
}
