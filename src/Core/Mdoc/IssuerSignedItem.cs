using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>
/// One issuer-signed data element: <c>IssuerSignedItem {digestID, random, elementIdentifier, elementValue}</c>,
/// carried as <c>IssuerSignedItemBytes = #6.24(bstr .cbor IssuerSignedItem)</c>. The MSO digest covers
/// <see cref="ItemBytes"/> exactly as received.
/// </summary>
public sealed class IssuerSignedItem
{
    private IssuerSignedItem(CborEncodedItem itemBytes, ulong digestId, ReadOnlyMemory<byte> random, string elementIdentifier, CborValue elementValue)
    {
        ItemBytes = itemBytes;
        DigestId = digestId;
        Random = random;
        ElementIdentifier = elementIdentifier;
        ElementValue = elementValue;
    }

    /// <summary>The tag-24 IssuerSignedItemBytes; <c>ItemBytes.EncodedBytes</c> is what the digest covers.</summary>
    public CborEncodedItem ItemBytes { get; }

    /// <summary>The digest ID, the key of this item's digest in the MSO.</summary>
    public ulong DigestId { get; }

    /// <summary>The salt.</summary>
    public ReadOnlyMemory<byte> Random { get; }

    /// <summary>The element identifier.</summary>
    public string ElementIdentifier { get; }

    /// <summary>The element value.</summary>
    public CborValue ElementValue { get; }

    /// <summary>Reads an item from its tag-24 form.</summary>
    /// <param name="value">The IssuerSignedItemBytes.</param>
    /// <returns>The item.</returns>
    /// <exception cref="CredentialFormatException">The value is not a well-formed IssuerSignedItemBytes.</exception>
    public static IssuerSignedItem Decode(CborValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var wrapped = MdocFields.AsEncodedItem(value, "An IssuerSignedItemBytes");
        var map = MdocFields.AsMap(wrapped.Content, "An IssuerSignedItem");
        var digestId = MdocFields.RequireUInt(map, "digestID", "an IssuerSignedItem");
        var random = MdocFields.Require(map, "random", "an IssuerSignedItem") is CborByteString salt
            ? salt.Value
            : throw MdocFields.Malformed("'random' of an IssuerSignedItem is not a byte string.");
        var identifier = MdocFields.RequireText(map, "elementIdentifier", "an IssuerSignedItem");
        var elementValue = MdocFields.Require(map, "elementValue", "an IssuerSignedItem");
        return new IssuerSignedItem(wrapped, digestId, random, identifier, elementValue);
    }

    /// <summary>Creates an item (for issuance): the tag-24 bytes are encoded once, here.</summary>
    /// <param name="digestId">The digest ID.</param>
    /// <param name="random">The salt (at least 16 random bytes).</param>
    /// <param name="elementIdentifier">The element identifier.</param>
    /// <param name="elementValue">The value.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentException">The salt is shorter than 16 bytes or the identifier is empty.</exception>
    public static IssuerSignedItem Create(ulong digestId, ReadOnlyMemory<byte> random, string elementIdentifier, CborValue elementValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(elementIdentifier);
        ArgumentNullException.ThrowIfNull(elementValue);
        if (random.Length < 16)
        {
            throw new ArgumentException("The salt must be at least 16 bytes.", nameof(random));
        }

        var map = CborMap.FromText(
            ("digestID", new CborInteger(digestId)),
            ("random", new CborByteString(random)),
            ("elementIdentifier", new CborTextString(elementIdentifier)),
            ("elementValue", elementValue));
        return new IssuerSignedItem(CborEncodedItem.Wrap(map), digestId, random, elementIdentifier, elementValue);
    }

    /// <summary>Names the element, never its value.</summary>
    public override string ToString() => "IssuerSignedItem(" + ElementIdentifier + ")";
}
