using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// An HTTP request as the framework-free protocol handlers (issuer and verifier services) read it: what any host (ASP.NET Core, a test, another server)
/// can hand over without the handlers knowing the framework.
/// </summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Url">The URL the request was sent to, as the client saw it (for DPoP's <c>htu</c>).</param>
/// <param name="Body">The body, already bounded by the host.</param>
public sealed record ProtocolRequest(string Method, Uri Url, ReadOnlyMemory<byte> Body)
{
    /// <summary>The values of the <c>DPoP</c> header; more than one is refused.</summary>
    public IReadOnlyList<string> Dpop { get; init; } = [];

    /// <summary>The <c>Authorization</c> header, if any.</summary>
    public string? Authorization { get; init; }

    /// <summary>The media type of the body without parameters, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>Names method and path; headers and body hold secrets.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"ProtocolRequest({Method} {Url.AbsolutePath})";
}

/// <summary>An HTTP response from a protocol handler: status, body and the headers the protocol needs.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Body">The body, or null for none.</param>
/// <param name="ContentType">The body's media type.</param>
public sealed record ProtocolResponse(int StatusCode, string? Body, string ContentType = ProtocolResponse.JsonType)
{
    /// <summary>The JSON media type.</summary>
    public const string JsonType = "application/json";

    /// <summary>Headers to send: <c>Cache-Control</c>, <c>DPoP-Nonce</c>, <c>WWW-Authenticate</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The OAuth error, when the response is one.</summary>
    public OAuthError? Error { get; init; }

    /// <summary>The stable Honnin code of why a request was refused, for the host's logs and tests (the body carries the protocol's own error); null when none.</summary>
    public string? Code { get; init; }

    /// <summary>A JSON response that must not be cached (tokens, nonces, credentials).</summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="body">The body.</param>
    /// <param name="headers">More headers, if any.</param>
    /// <returns>The response.</returns>
    public static ProtocolResponse NoStore(int statusCode, JsonObject body, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        new(statusCode, StrictJson.Serialize(body)) { Headers = WithNoStore(headers) };

    /// <summary>An OAuth error response.</summary>
    /// <param name="statusCode">The status (400, 401, 403).</param>
    /// <param name="error">The error.</param>
    /// <param name="headers">More headers, if any.</param>
    /// <returns>The response.</returns>
    public static ProtocolResponse Failure(int statusCode, OAuthError error, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(statusCode, StrictJson.Serialize(error.ToJson())) { Headers = WithNoStore(headers), Error = error };
    }

    /// <summary>Names the status and the error code only.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Error is null ? $"ProtocolResponse({StatusCode})" : $"ProtocolResponse({StatusCode} {Error.Error})";

    private static Dictionary<string, string> WithNoStore(IEnumerable<KeyValuePair<string, string>>? headers)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = "no-store" };
        foreach (var (name, value) in headers ?? [])
        {
            all[name] = value;
        }

        return all;
    }
}
