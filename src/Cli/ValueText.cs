using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Honnin.Cbor;

namespace Honnin.Cli;

/// <summary>Formats element values for the terminal: JSON, with long byte strings summarised.</summary>
internal static class ValueText
{
    /// <summary>Compact JSON that keeps Japanese text readable.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Replaces control characters, so that received text cannot drive the terminal.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    public static string Format(CborValue value)
    {
        if (value is CborByteString bytes && bytes.Value.Length > 32)
        {
            return $"<{bytes.Value.Length} bytes>";
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            CborJson.Write(writer, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
