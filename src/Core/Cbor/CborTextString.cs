using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A CBOR text string (major type 3), valid UTF-8.</summary>
public sealed class CborTextString : CborValue
{
    /// <summary>Creates a text value.</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public CborTextString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The text.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.TextString;

    private protected override void WriteContent(CborWriter writer) => writer.WriteTextString(Value);
}
