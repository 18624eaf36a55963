using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A CBOR simple value other than false, true and null (<c>undefined</c> is simple value 23).</summary>
public sealed class CborSimpleValue : CborValue
{
    /// <summary>Creates a simple value.</summary>
    /// <param name="value">The simple value number.</param>
    public CborSimpleValue(byte value) => Value = value;

    /// <summary>The simple value number.</summary>
    public byte Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => Value == 23 ? CborValueKind.Undefined : CborValueKind.Simple;

    private protected override void WriteContent(CborWriter writer) => writer.WriteSimpleValue((System.Formats.Cbor.CborSimpleValue)Value);
}
