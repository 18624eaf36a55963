using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>CBOR <c>null</c>.</summary>
public sealed class CborNull : CborValue
{
    /// <summary>Creates a CBOR <c>null</c>.</summary>
    public CborNull()
    {
    }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Null;

    private protected override void WriteContent(CborWriter writer) => writer.WriteNull();
}
