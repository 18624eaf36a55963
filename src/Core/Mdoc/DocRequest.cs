using Honnin.Cbor;
using Honnin.Cose;

namespace Honnin.Mdoc;

/// <summary>One document request: the items asked for and, optionally, the reader's signature over them.</summary>
public sealed class DocRequest
{
    private DocRequest(ItemsRequest itemsRequest, CoseSign1Message? readerAuth)
    {
        ItemsRequest = itemsRequest;
        ReaderAuth = readerAuth;
    }

    /// <summary>The items asked for.</summary>
    public ItemsRequest ItemsRequest { get; }

    /// <summary>The reader's COSE_Sign1 over ReaderAuthenticationBytes (detached), if the reader authenticated.</summary>
    public CoseSign1Message? ReaderAuth { get; }

    /// <summary>Creates a document request.</summary>
    /// <param name="itemsRequest">The items.</param>
    /// <param name="readerAuth">The reader's signature, or null.</param>
    /// <returns>The request.</returns>
    public static DocRequest Create(ItemsRequest itemsRequest, CoseSign1Message? readerAuth = null)
    {
        ArgumentNullException.ThrowIfNull(itemsRequest);
        return new DocRequest(itemsRequest, readerAuth);
    }

    /// <summary>Reads a DocRequest.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">Bounds for embedded structures.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CredentialFormatException">The value is not well formed.</exception>
    public static DocRequest Decode(CborValue value, CborDecodeOptions? options = null)
    {
        var map = MdocFields.AsMap(value, "A DocRequest");
        var items = ItemsRequest.Decode(MdocFields.Require(map, "itemsRequest", "a DocRequest"));
        CoseSign1Message? readerAuth = null;
        if (map.TryGetValue("readerAuth", out var auth))
        {
            readerAuth = CoseSign1Message.Decode(auth, options);
        }

        return new DocRequest(items, readerAuth);
    }

    /// <summary>The request as CBOR.</summary>
    public CborMap ToCbor() => ReaderAuth is null
        ? CborMap.FromText(("itemsRequest", ItemsRequest.Encoded))
        : CborMap.FromText(("itemsRequest", ItemsRequest.Encoded), ("readerAuth", ReaderAuth.Encoded));
}
