using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A CBOR floating-point number.</summary>
public sealed class CborFloat : CborValue
{
    /// <summary>Creates a floating-point value.</summary>
    /// <param name="value">The value.</param>
    public CborFloat(double value) => Value = value;

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Float;

    private protected override void WriteContent(CborWriter writer) => writer.WriteDouble(Value);
}
