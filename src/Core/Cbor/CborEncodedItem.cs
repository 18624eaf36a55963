using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>
/// Tag 24, an embedded CBOR data item (<c>#6.24(bstr .cbor T)</c>). Keeps both the decoded
/// <see cref="Content"/> and the exact bytes: <see cref="CborValue.EncodedBytes"/> is the whole
/// tagged item (starting <c>d8 18</c>), which is what ISO 18013-5 hashes and signs;
/// <see cref="ContentBytes"/> is the embedded encoding.
/// </summary>
public sealed class CborEncodedItem : CborValue
{
    /// <summary>The tag number of an encoded CBOR data item.</summary>
    public const ulong TagNumber = 24;

    internal CborEncodedItem(ReadOnlyMemory<byte> contentBytes, CborValue content)
    {
        ContentBytes = contentBytes;
        Content = content;
    }

    /// <summary>Wraps a value: its encoding becomes the content of the tag-24 item.</summary>
    /// <param name="content">The value to embed.</param>
    /// <returns>The tag-24 item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public static CborEncodedItem Wrap(CborValue content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new CborEncodedItem(content.EncodedBytes, content);
    }

    /// <summary>The embedded encoding (the byte string's content).</summary>
    public ReadOnlyMemory<byte> ContentBytes { get; }

    /// <summary>The embedded value, decoded.</summary>
    public CborValue Content { get; }

    /// <inheritdoc/>
    public override CborValueKind Kind => CborValueKind.EncodedCbor;

    private protected override void WriteContent(CborWriter writer)
    {
        writer.WriteTag((CborTag)TagNumber);
        writer.WriteByteString(ContentBytes.Span);
    }
}
