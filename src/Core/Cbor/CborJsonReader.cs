using System.Text.Json;

namespace Honnin.Cbor;

/// <summary>Converts JSON to CBOR values without a schema: strings, integers (floats when fractional), booleans, null, arrays and objects.</summary>
public static class CborJsonReader
{
    /// <summary>Converts a JSON value.</summary>
    /// <param name="json">The JSON value.</param>
    /// <returns>The CBOR value.</returns>
    /// <exception cref="ArgumentException">The JSON value is undefined.</exception>
    public static CborValue FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => new CborTextString(json.GetString()!),
        JsonValueKind.Number when json.TryGetInt64(out var signed) => new CborInteger(signed),
        JsonValueKind.Number when json.TryGetUInt64(out var unsigned) => new CborInteger(unsigned),
        JsonValueKind.Number => new CborFloat(json.GetDouble()),
        JsonValueKind.True => CborBoolean.True,
        JsonValueKind.False => CborBoolean.False,
        JsonValueKind.Null => new CborNull(),
        JsonValueKind.Array => new CborArray(json.EnumerateArray().Select(FromJson).ToList()),
        JsonValueKind.Object => new CborMap(json.EnumerateObject().Select(p => new KeyValuePair<CborValue, CborValue>(new CborTextString(p.Name), FromJson(p.Value))).ToList()),
        _ => throw new ArgumentException("The JSON value is undefined.", nameof(json)),
    };
}
