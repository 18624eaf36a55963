using System.Formats.Cbor;

namespace Honnin.Cbor;

/// <summary>
/// An immutable CBOR value. Values produced by <see cref="CborDecoder"/> remember the exact bytes they
/// were decoded from (<see cref="EncodedBytes"/>), so that digests, signatures and MACs can be computed
/// over what was received rather than over a re-encoding.
/// </summary>
public abstract class CborValue
{
    private ReadOnlyMemory<byte> _encoded;

    private protected CborValue()
    {
    }

    /// <summary>The kind of this value.</summary>
    public abstract CborValueKind Kind { get; }

    /// <summary>
    /// The bytes this value was decoded from or, for a value built in code, its preferred encoding
    /// (computed once, on first use).
    /// </summary>
    public ReadOnlyMemory<byte> EncodedBytes
    {
        get
        {
            if (_encoded.IsEmpty)
            {
                var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
                WriteTo(writer);
                _encoded = writer.Encode();
            }

            return _encoded;
        }
    }

    internal void SetEncodedBytes(ReadOnlyMemory<byte> encoded) => _encoded = encoded;

    /// <summary>Writes this value. Values that were decoded are written as the bytes they came from.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(CborWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!_encoded.IsEmpty)
        {
            writer.WriteEncodedValue(_encoded.Span);
        }
        else
        {
            WriteContent(writer);
        }
    }

    private protected abstract void WriteContent(CborWriter writer);

    /// <summary>A short description of the value's type, for messages (never its content).</summary>
    public override string ToString() => Kind.ToString();
}
