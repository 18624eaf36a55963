using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A CBOR byte string (major type 2).</summary>
public sealed class CborByteString : CborValue
{
    /// <summary>Creates a byte string value. The memory is kept, not copied.</summary>
    /// <param name="value">The bytes.</param>
    public CborByteString(ReadOnlyMemory<byte> value) => Value = value;

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.ByteString;

    private protected override void WriteContent(CborWriter writer) => writer.WriteByteString(Value.Span);
}
