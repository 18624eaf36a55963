using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Issuer.Protocol;

/// <summary>How the issuer's handlers read members of the JSON bodies and sealed values they get.</summary>
internal static class JsonMembers
{
    /// <summary>A string member, or null when it is absent or not a string.</summary>
    public static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
