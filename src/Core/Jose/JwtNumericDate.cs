using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Jose;

/// <summary>JWT NumericDate (RFC 7519 §2): seconds since 1970-01-01T00:00:00Z as a JSON number (fractions are truncated when read).</summary>
public static class JwtNumericDate
{
    private const double MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>Reads a NumericDate.</summary>
    /// <param name="node">The JSON value.</param>
    /// <param name="value">The time, when the value is a number between 0 and year 9999.</param>
    /// <returns>Whether the value is a NumericDate.</returns>
    public static bool TryRead(JsonNode? node, out DateTimeOffset value)
    {
        value = default;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<double>(out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > MaxSeconds)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds));
        return true;
    }

    /// <summary>Writes a NumericDate as whole seconds.</summary>
    /// <param name="value">The time (sub-second parts are dropped).</param>
    /// <returns>The JSON number.</returns>
    public static JsonNode ToNode(DateTimeOffset value) => JsonValue.Create(value.ToUnixTimeSeconds());
}
