using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Honnin.Jose;

/// <summary>
/// Strict, bounded JSON (RFC 8259) over <c>System.Text.Json</c>: exactly one value in UTF-8, no byte order mark,
/// no comments or trailing commas, no trailing content, bounded size and depth, member names unique within each
/// object (after unescaping), and every string well-formed Unicode (no lone surrogates). Numbers keep their
/// received text. Writing uses compact output that keeps non-ASCII text unescaped.
/// </summary>
public static class StrictJson
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    /// <summary>Parses exactly one JSON value.</summary>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    /// <param name="options">Bounds; <see cref="StrictJsonOptions.Default"/> when null.</param>
    /// <returns>The value (null for the JSON literal <c>null</c>).</returns>
    /// <exception cref="CredentialFormatException">
    /// The input is not one well-formed JSON value within the bounds (codes <see cref="JoseFailureCodes.InvalidJson"/>,
    /// <see cref="JoseFailureCodes.DuplicateMember"/>, <see cref="JoseFailureCodes.TooLarge"/>, <see cref="JoseFailureCodes.TooDeep"/>).
    /// </exception>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json, StrictJsonOptions? options = null)
    {
        options ??= StrictJsonOptions.Default;
        if (utf8Json.Length > options.MaxInputLength)
        {
            throw new CredentialFormatException(JoseFailureCodes.TooLarge, $"The JSON input is {utf8Json.Length} bytes; the limit is {options.MaxInputLength}.");
        }

        JsonDocument document;
        try
        {
            CheckDepth(utf8Json, options.MaxDepth);
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = options.MaxDepth + 1 });
        }
        catch (JsonException e)
        {
            throw new CredentialFormatException(JoseFailureCodes.InvalidJson, "The input is not one well-formed JSON value.", e);
        }

        using (document)
        {
            try
            {
                return Convert(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                throw new CredentialFormatException(JoseFailureCodes.InvalidJson, "A JSON string is not well-formed Unicode.", e);
            }
        }
    }

    /// <summary>Parses exactly one JSON object.</summary>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    /// <param name="options">Bounds; <see cref="StrictJsonOptions.Default"/> when null.</param>
    /// <returns>The object.</returns>
    /// <exception cref="CredentialFormatException">The input is not one well-formed JSON object within the bounds.</exception>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8Json, StrictJsonOptions? options = null) =>
        Parse(utf8Json, options) as JsonObject
            ?? throw new CredentialFormatException(JoseFailureCodes.InvalidJson, "The JSON value is not an object.");

    /// <summary>Parses exactly one JSON value without throwing.</summary>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    /// <param name="value">The value, when parsing succeeded.</param>
    /// <param name="error">The failure, when it did not.</param>
    /// <param name="options">Bounds.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out JsonNode? value, [NotNullWhen(false)] out CredentialFormatException? error, StrictJsonOptions? options = null)
    {
        try
        {
            value = Parse(utf8Json, options);
            error = null;
            return true;
        }
        catch (CredentialFormatException e)
        {
            value = null;
            error = e;
            return false;
        }
    }

    /// <summary>Writes compact JSON as UTF-8 (no whitespace; non-ASCII text unescaped; HTML-sensitive characters escaped).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The UTF-8 bytes.</returns>
    public static byte[] SerializeToUtf8Bytes(JsonNode? value) =>
        value is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(value, WriteOptions);

    /// <summary>Writes compact JSON as a string, in the form <see cref="SerializeToUtf8Bytes"/> describes.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(JsonNode? value) => value is null ? "null" : value.ToJsonString(WriteOptions);

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var result = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    if (result.ContainsKey(name))
                    {
                        throw new CredentialFormatException(JoseFailureCodes.DuplicateMember, "A JSON object holds the same member name twice.");
                    }

                    result.Add(name, Convert(property.Value));
                }

                return result;
            }

            case JsonValueKind.Array:
            {
                var result = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    result.Add(Convert(item));
                }

                return result;
            }

            case JsonValueKind.String:
                return JsonValue.Create(element.GetString()!);
            case JsonValueKind.Number:
                return JsonValue.Create(element.Clone());
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    // One allocation-free pass that enforces the depth limit with its own code before the document is built;
    // the reader's own limit (one level more) is never reached.
    private static void CheckDepth(ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxDepth)
            {
                throw new CredentialFormatException(JoseFailureCodes.TooDeep, $"The JSON input nests deeper than {maxDepth} levels.");
            }
        }
    }
}
