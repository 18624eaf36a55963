using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// The <c>vp_token</c> of an OpenID4VP 1.0 response (§8.1): a JSON object keyed by the DCQL credential query ids, each
/// value a non-empty array of presentations — an SD-JWT+KB as text, or a base64url mdoc <c>DeviceResponse</c>.
/// Read with bounds: at most <see cref="MaxQueries"/> ids and <see cref="MaxPresentationsPerQuery"/> presentations each.
/// </summary>
public sealed class VpToken
{
    /// <summary>The most credential query ids read.</summary>
    public const int MaxQueries = 32;

    /// <summary>The most presentations read under one id.</summary>
    public const int MaxPresentationsPerQuery = 16;

    private VpToken(IReadOnlyDictionary<string, IReadOnlyList<string>> presentations) => Presentations = presentations;

    /// <summary>The presentations, by credential query id, in the order received.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Presentations { get; }

    /// <summary>A token of presentations.</summary>
    /// <param name="presentations">The presentations by credential query id; each list non-empty.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException">An id has no presentation, or there are more than the bounds.</exception>
    public static VpToken Create(IReadOnlyDictionary<string, IReadOnlyList<string>> presentations)
    {
        ArgumentNullException.ThrowIfNull(presentations);
        if (presentations.Count > MaxQueries || presentations.Values.Any(p => p.Count is 0 or > MaxPresentationsPerQuery || p.Any(string.IsNullOrEmpty)))
        {
            throw new ArgumentException($"A vp_token holds at most {MaxQueries} ids, each with 1 to {MaxPresentationsPerQuery} presentations.", nameof(presentations));
        }

        return new VpToken(presentations.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value], StringComparer.Ordinal));
    }

    /// <summary>Reads a token from its JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The token.</returns>
    /// <exception cref="CredentialFormatException">It is not a well-formed <c>vp_token</c> (<see cref="OpenId4VcFailureCodes.ResponseMalformed"/>, or a JSON code).</exception>
    public static VpToken Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromJson(StrictJson.Parse(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>Reads a token without throwing.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="token">The token, when it reads.</param>
    /// <param name="error">Why it does not.</param>
    /// <returns>Whether it reads.</returns>
    public static bool TryParse(string json, [NotNullWhen(true)] out VpToken? token, [NotNullWhen(false)] out CredentialFormatException? error) =>
        CredentialFormatException.Try(() => Parse(json), out token, out error);

    /// <summary>Reads a token from parsed JSON (the <c>vp_token</c> member of a decrypted response).</summary>
    /// <param name="node">The JSON.</param>
    /// <returns>The token.</returns>
    /// <exception cref="CredentialFormatException">It is not a well-formed <c>vp_token</c>.</exception>
    public static VpToken FromJson(JsonNode? node)
    {
        if (node is not JsonObject token || token.Count is 0 or > MaxQueries)
        {
            throw Malformed($"vp_token is not an object of 1 to {MaxQueries} credential query ids.");
        }

        var presentations = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, value) in token)
        {
            if (value is not JsonArray array || array.Count is 0 or > MaxPresentationsPerQuery)
            {
                throw Malformed($"A vp_token entry is not an array of 1 to {MaxPresentationsPerQuery} presentations.");
            }

            presentations[id] = [.. array.Select(p => p is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw Malformed("A presentation in vp_token is not text."))];
        }

        return new VpToken(presentations);
    }

    /// <summary>The token as JSON.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson() =>
        new([.. Presentations.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => (JsonNode)v)])))]);

    /// <summary>Names the ids only; the presentations hold claim values.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"VpToken({string.Join(", ", Presentations.Keys)})";

    private static CredentialFormatException Malformed(string message) => new(OpenId4VcFailureCodes.ResponseMalformed, message);
}
