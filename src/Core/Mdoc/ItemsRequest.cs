using System.Collections.ObjectModel;
using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>
/// What a reader asks of one document: <c>ItemsRequest {docType, nameSpaces: {ns: {element: intentToRetain}},
/// ?requestInfo}</c>, carried as ItemsRequestBytes (tag 24), which readerAuth signs.
/// </summary>
public sealed class ItemsRequest
{
    private ItemsRequest(CborEncodedItem encoded, string docType, IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>> nameSpaces, CborMap? requestInfo)
    {
        Encoded = encoded;
        DocType = docType;
        NameSpaces = nameSpaces;
        RequestInfo = requestInfo;
    }

    /// <summary>The ItemsRequestBytes as received or created.</summary>
    public CborEncodedItem Encoded { get; }

    /// <summary>The requested document type.</summary>
    public string DocType { get; }

    /// <summary>Requested elements per namespace, with whether the reader intends to retain each.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>> NameSpaces { get; }

    /// <summary>Additional request information, if any.</summary>
    public CborMap? RequestInfo { get; }

    /// <summary>Creates a request.</summary>
    /// <param name="docType">The document type.</param>
    /// <param name="nameSpaces">Elements per namespace, with intent to retain.</param>
    /// <param name="requestInfo">Optional request information.</param>
    /// <returns>The request.</returns>
    public static ItemsRequest Create(string docType, IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>> nameSpaces, CborMap? requestInfo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentNullException.ThrowIfNull(nameSpaces);
        var entries = new List<(string, CborValue)>
        {
            ("docType", new CborTextString(docType)),
            ("nameSpaces", new CborMap(nameSpaces.Select(ns => new KeyValuePair<CborValue, CborValue>(
                new CborTextString(ns.Key),
                new CborMap(ns.Value.Select(e => new KeyValuePair<CborValue, CborValue>(new CborTextString(e.Key), CborBoolean.From(e.Value)))))))),
        };
        if (requestInfo is not null)
        {
            entries.Add(("requestInfo", requestInfo));
        }

        var copy = nameSpaces.ToDictionary(
            ns => ns.Key,
            ns => (IReadOnlyDictionary<string, bool>)new ReadOnlyDictionary<string, bool>(ns.Value.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)),
            StringComparer.Ordinal);
        return new ItemsRequest(CborEncodedItem.Wrap(CborMap.FromText([.. entries])), docType, new ReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>(copy), requestInfo);
    }

    /// <summary>Reads ItemsRequestBytes.</summary>
    /// <param name="value">The tag-24 item.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CredentialFormatException">The value is not well formed.</exception>
    public static ItemsRequest Decode(CborValue value)
    {
        var encoded = MdocFields.AsEncodedItem(value, "ItemsRequestBytes");
        var map = MdocFields.AsMap(encoded.Content, "ItemsRequest");
        var docType = MdocFields.RequireText(map, "docType", "ItemsRequest");
        var nameSpaces = new Dictionary<string, IReadOnlyDictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var (key, elementsValue) in MdocFields.RequireMap(map, "nameSpaces", "ItemsRequest").Entries)
        {
            var nameSpace = key is CborTextString text ? text.Value : throw MdocFields.Malformed("An ItemsRequest namespace is not a text string.");
            var elements = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var (element, retain) in MdocFields.AsMap(elementsValue, "DataElements").Entries)
            {
                var identifier = element is CborTextString id ? id.Value : throw MdocFields.Malformed("A requested element identifier is not a text string.");
                elements[identifier] = retain is CborBoolean flag ? flag.Value : throw MdocFields.Malformed("IntentToRetain is not a boolean.");
            }

            nameSpaces[nameSpace] = new ReadOnlyDictionary<string, bool>(elements);
        }

        CborMap? requestInfo = null;
        if (map.TryGetValue("requestInfo", out var info))
        {
            requestInfo = MdocFields.AsMap(info, "requestInfo");
        }

        return new ItemsRequest(encoded, docType, new ReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>(nameSpaces), requestInfo);
    }
}
