using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>How the OpenID4VC messages read their members: strictly typed, bounded, with one failure code per message kind.</summary>
internal static class Messages
{
    /// <summary>Reads a message body as a JSON object within size and depth bounds.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8Json, int maxLength, string code, string what, int maxDepth = 8)
    {
        if (utf8Json.Length > maxLength)
        {
            throw new CredentialFormatException(code, $"The {what} is longer than {maxLength} bytes.");
        }

        if (!StrictJson.TryParse(utf8Json, out var node, out var error, new StrictJsonOptions { MaxInputLength = maxLength, MaxDepth = maxDepth }))
        {
            throw new CredentialFormatException(code, $"The {what} is not well-formed JSON.", error);
        }

        return node as JsonObject ?? throw new CredentialFormatException(code, $"The {what} is not a JSON object.");
    }

    /// <summary>A string member, or null when absent or not a string.</summary>
    public static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>A positive integer member, or null.</summary>
    public static int? PositiveInteger(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) && number > 0 ? number : null;
}
