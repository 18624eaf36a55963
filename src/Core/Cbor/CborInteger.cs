using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A CBOR integer (major type 0 or 1), in the full range -2^64 .. 2^64-1.</summary>
public sealed class CborInteger : CborValue
{
    /// <summary>Creates an integer value.</summary>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside -2^64 .. 2^64-1.</exception>
    public CborInteger(Int128 value)
    {
        if (value > ulong.MaxValue || value < -(Int128)ulong.MaxValue - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "CBOR integers range from -2^64 to 2^64-1.");
        }

        Value = value;
    }

    /// <summary>The value.</summary>
    public Int128 Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Integer;

    /// <summary>Whether the value fits in a <see cref="long"/>.</summary>
    public bool FitsInt64 => Value >= long.MinValue && Value <= long.MaxValue;

    private protected override void WriteContent(CborWriter writer)
    {
        if (Value >= 0)
        {
            writer.WriteUInt64((ulong)Value);
        }
        else
        {
            writer.WriteCborNegativeIntegerRepresentation((ulong)(-1 - Value));
        }
    }
}
