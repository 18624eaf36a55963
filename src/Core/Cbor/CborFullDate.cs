using System.Formats.Cbor;
using System.Globalization;

namespace Honnin.Cbor;

/// <summary>A <c>full-date</c>: tag 1004 over a "YYYY-MM-DD" text string (RFC 8943).</summary>
public sealed class CborFullDate : CborValue
{
    /// <summary>The tag number of <c>full-date</c>.</summary>
    public const ulong TagNumber = 1004;

    /// <summary>Creates a full-date value.</summary>
    /// <param name="value">The date.</param>
    public CborFullDate(DateOnly value) => Value = value;

    /// <summary>The date.</summary>
    public DateOnly Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.FullDate;

    /// <summary>The date as "YYYY-MM-DD".</summary>
    public string ToIsoString() => Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static bool TryParse(string text, out DateOnly date)
    {
        date = default;
        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private protected override void WriteContent(CborWriter writer)
    {
        writer.WriteTag((CborTag)TagNumber);
        writer.WriteTextString(ToIsoString());
    }
}
