using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>A tag Honnin does not interpret, kept with its content.</summary>
public sealed class CborTaggedValue : CborValue
{
    /// <summary>Creates a tagged value.</summary>
    /// <param name="tag">The tag number.</param>
    /// <param name="content">The tagged content.</param>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public CborTaggedValue(ulong tag, CborValue content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Tag = tag;
        Content = content;
    }

    /// <summary>The tag number.</summary>
    public ulong Tag { get; }

    /// <summary>The tagged content.</summary>
    public CborValue Content { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.Tagged;

    private protected override void WriteContent(CborWriter writer)
    {
        writer.WriteTag((CborTag)Tag);
        Content.WriteTo(writer);
    }
}
