using System.Formats.Cbor;
using System.Globalization;

namespace Honnin.Cbor;

/// <summary>
/// A <c>tdate</c>: tag 0 over an RFC 3339 date-time string. Written in UTC without fractional seconds
/// (ISO 18013-5 clause 9.1.2.4); read with or without fractions and with any offset.
/// </summary>
public sealed class CborDateTime : CborValue
{
    /// <summary>Creates a tdate value; fractional seconds are dropped and the time is converted to UTC.</summary>
    /// <param name="value">The instant.</param>
    public CborDateTime(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        Value = new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private CborDateTime(DateTimeOffset value, bool exact) => Value = exact ? value : value.ToUniversalTime();

    /// <summary>The instant.</summary>
    public DateTimeOffset Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.DateTime;

    /// <summary>The instant as written: "YYYY-MM-DDTHH:MM:SSZ".</summary>
    public string ToIsoString() => Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static CborDateTime? TryParse(string text)
    {
        // RFC 3339: a 'T' (or 't'/space) separator and a 'Z' or numeric offset are required.
        if (text.Length < 20 || text.Length > 64 || (text[10] != 'T' && text[10] != 't'))
        {
            return null;
        }

        // RFC 3339 puts no limit on the fraction's digits (real issuers write nanoseconds); .NET keeps 7, so the
        // rest is dropped before parsing: the instant is the same to 100 ns.
        if (text[19] == '.')
        {
            var end = 20;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end == 20)
            {
                return null; // a '.' needs at least one digit (RFC 3339 time-secfrac)
            }

            if (end - 20 > 7)
            {
                text = string.Concat(text.AsSpan(0, 27), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out var value) && (text.EndsWith('Z') || text.EndsWith('z') || text[^3] == ':')
            ? new CborDateTime(value, exact: false)
            : null;
    }

    private protected override void WriteContent(CborWriter writer)
    {
        writer.WriteTag(CborTag.DateTimeString);
        writer.WriteTextString(ToIsoString());
    }
}
