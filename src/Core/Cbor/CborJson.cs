using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Honnin.Cbor;

/// <summary>
/// Writes CBOR element values as JSON for display and for tools: text, numbers, booleans and null map to
/// themselves; <c>full-date</c> and <c>tdate</c> to their ISO strings; byte strings to base64url strings; maps
/// with non-text keys use the key's diagnostic form; tag-24 items show their content; other tags become
/// <c>{"tag": n, "value": ...}</c>.
/// </summary>
public static class CborJson
{
    /// <summary>Writes a value.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(Utf8JsonWriter writer, CborValue value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case CborTextString text:
                writer.WriteStringValue(text.Value);
                break;
            case CborInteger integer:
                if (integer.FitsInt64)
                {
                    writer.WriteNumberValue((long)integer.Value);
                }
                else
                {
                    writer.WriteRawValue(integer.Value.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case CborBoolean boolean:
                writer.WriteBooleanValue(boolean.Value);
                break;
            case CborNull:
                writer.WriteNullValue();
                break;
            case CborFloat number when double.IsFinite(number.Value):
                writer.WriteNumberValue(number.Value);
                break;
            case CborFloat number:
                writer.WriteStringValue(number.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case CborByteString bytes:
                writer.WriteStringValue(Base64Url.EncodeToString(bytes.Value.Span));
                break;
            case CborFullDate date:
                writer.WriteStringValue(date.ToIsoString());
                break;
            case CborDateTime time:
                writer.WriteStringValue(time.ToIsoString());
                break;
            case CborEncodedItem item:
                Write(writer, item.Content);
                break;
            case CborArray array:
                writer.WriteStartArray();
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case CborMap map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.Entries)
                {
                    writer.WritePropertyName(KeyName(key));
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case CborTaggedValue tagged:
                writer.WriteStartObject();
                writer.WriteNumber("tag", tagged.Tag);
                writer.WritePropertyName("value");
                Write(writer, tagged.Content);
                writer.WriteEndObject();
                break;
            case CborSimpleValue simple:
                writer.WriteStringValue(simple.Kind == CborValueKind.Undefined ? "undefined" : "simple(" + simple.Value.ToString(CultureInfo.InvariantCulture) + ")");
                break;
            default:
                writer.WriteStringValue(value.Kind.ToString());
                break;
        }
    }

    private static string KeyName(CborValue key) => key switch
    {
        CborTextString text => text.Value,
        CborInteger integer => integer.Value.ToString(CultureInfo.InvariantCulture),
        _ => key.Kind.ToString(),
    };
}
