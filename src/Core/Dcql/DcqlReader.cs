using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Dcql;

/// <summary>How the DCQL types read their members: strictly typed, bounded, one code per rule.</summary>
internal static class DcqlReader
{
    public static CredentialFormatException Fail(string code, string message) => new(code, message);

    public static CredentialFormatException Malformed(string message) => new(DcqlFailureCodes.Malformed, message);

    /// <summary>A string member, or null when absent; anything else fails with <paramref name="code"/>.</summary>
    public static string? OptionalText(JsonObject parent, string name, string code = DcqlFailureCodes.Malformed) =>
        !parent.TryGetPropertyValue(name, out var node) ? null
            : node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
            : throw Fail(code, $"{name} is not a string.");

    /// <summary>A boolean member, or null when absent; anything else is malformed.</summary>
    public static bool? OptionalBoolean(JsonObject parent, string name) =>
        !parent.TryGetPropertyValue(name, out var node) ? null
            : node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>()
            : throw Malformed($"{name} is not a boolean.");

    /// <summary>A non-empty array of at most <paramref name="max"/> entries, or null when absent.</summary>
    public static JsonArray? OptionalArray(JsonObject parent, string name, int max, string code = DcqlFailureCodes.Malformed)
    {
        if (!parent.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        return Array(node, name, max, code);
    }

    /// <summary>A non-empty array of at most <paramref name="max"/> entries.</summary>
    public static JsonArray Array(JsonNode? node, string what, int max, string code = DcqlFailureCodes.Malformed)
    {
        if (node is not JsonArray { Count: > 0 } array)
        {
            throw Fail(code, $"{what} is not a non-empty array.");
        }

        return array.Count <= max ? array : throw Fail(DcqlFailureCodes.TooLarge, $"{what} has {array.Count} entries; the limit is {max}.");
    }

    /// <summary>A non-empty array of strings, or null when <paramref name="node"/> is absent (C# null only when the member is missing; callers pass the member).</summary>
    public static IReadOnlyList<string>? Texts(JsonNode? node, string what, string code, int max)
    {
        if (node is null)
        {
            return null;
        }

        var array = Array(node, what, max, code);
        var texts = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            texts[i] = array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw Fail(code, $"{what} holds an entry that is not a string.");
        }

        return texts;
    }

    /// <summary>Whether a text is a DCQL identifier: non-empty, letters, digits, <c>_</c> and <c>-</c> only (ASCII).</summary>
    public static bool IsIdentifier(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static JsonArray ToArray(IEnumerable<string> texts) => new([.. texts.Select(t => (JsonNode)JsonValue.Create(t))]);
}
