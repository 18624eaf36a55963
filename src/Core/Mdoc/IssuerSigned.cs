using System.Collections.ObjectModel;
using Honnin.Cbor;
using Honnin.Cose;

namespace Honnin.Mdoc;

/// <summary>The issuer-signed part of a document: the disclosed items per namespace and <c>issuerAuth</c> with its MSO.</summary>
public sealed class IssuerSigned
{
    private IssuerSigned(IReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>> nameSpaces, CoseSign1Message issuerAuth, MobileSecurityObject mso)
    {
        NameSpaces = nameSpaces;
        IssuerAuth = issuerAuth;
        MobileSecurityObject = mso;
    }

    /// <summary>The disclosed items per namespace, in received order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>> NameSpaces { get; }

    /// <summary>The issuer's COSE_Sign1 over the MSO.</summary>
    public CoseSign1Message IssuerAuth { get; }

    /// <summary>The MSO, decoded from the <see cref="IssuerAuth"/> payload (not yet verified).</summary>
    public MobileSecurityObject MobileSecurityObject { get; }

    /// <summary>Creates the structure from signed parts (for issuance and presentation).</summary>
    /// <param name="nameSpaces">The items to carry, per namespace.</param>
    /// <param name="issuerAuth">The issuer's signature over the MSO.</param>
    /// <returns>The structure.</returns>
    /// <exception cref="ArgumentException"><paramref name="issuerAuth"/> does not carry an MSO.</exception>
    /// <exception cref="CredentialFormatException">The MSO in <paramref name="issuerAuth"/> is malformed.</exception>
    public static IssuerSigned Create(IReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>> nameSpaces, CoseSign1Message issuerAuth)
    {
        ArgumentNullException.ThrowIfNull(nameSpaces);
        ArgumentNullException.ThrowIfNull(issuerAuth);
        var payload = issuerAuth.Payload ?? throw new ArgumentException("issuerAuth must carry the MSO.", nameof(issuerAuth));
        var copy = nameSpaces.Where(ns => ns.Value.Count > 0).ToDictionary(ns => ns.Key, ns => ns.Value, StringComparer.Ordinal);
        return new IssuerSigned(new ReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>>(copy), issuerAuth, MobileSecurityObject.Decode(payload));
    }

    /// <summary>
    /// A copy that carries only the selected items, with the same <c>issuerAuth</c> bytes: what a holder presents.
    /// </summary>
    /// <param name="keep">Whether to keep an item, given its namespace.</param>
    /// <returns>The narrowed structure.</returns>
    public IssuerSigned Select(Func<string, IssuerSignedItem, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var selected = new Dictionary<string, IReadOnlyList<IssuerSignedItem>>(StringComparer.Ordinal);
        foreach (var (nameSpace, items) in NameSpaces)
        {
            var kept = items.Where(item => keep(nameSpace, item)).ToArray();
            if (kept.Length > 0)
            {
                selected[nameSpace] = Array.AsReadOnly(kept);
            }
        }

        return new IssuerSigned(new ReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>>(selected), IssuerAuth, MobileSecurityObject);
    }

    /// <summary>The structure as CBOR: <c>{nameSpaces, issuerAuth}</c>, items and signature as their received or created bytes.</summary>
    public CborMap ToCbor()
    {
        var entries = new List<(string, CborValue)>();
        if (NameSpaces.Count > 0)
        {
            entries.Add(("nameSpaces", new CborMap(NameSpaces.Select(ns => new KeyValuePair<CborValue, CborValue>(
                new CborTextString(ns.Key),
                new CborArray(ns.Value.Select(item => (CborValue)item.ItemBytes)))))));
        }

        entries.Add(("issuerAuth", IssuerAuth.Encoded));
        return CborMap.FromText([.. entries]);
    }

    /// <summary>Reads an IssuerSigned structure.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>The structure.</returns>
    /// <exception cref="CredentialFormatException">The value is not well formed.</exception>
    public static IssuerSigned Decode(CborValue value, CborDecodeOptions? options = null)
    {
        var map = MdocFields.AsMap(value, "IssuerSigned");
        var nameSpaces = new Dictionary<string, IReadOnlyList<IssuerSignedItem>>(StringComparer.Ordinal);
        if (map.TryGetValue("nameSpaces", out var nameSpacesValue))
        {
            foreach (var (key, itemsValue) in MdocFields.AsMap(nameSpacesValue, "IssuerNameSpaces").Entries)
            {
                var nameSpace = key is CborTextString text ? text.Value : throw MdocFields.Malformed("An IssuerNameSpaces key is not a text string.");
                var array = MdocFields.AsArray(itemsValue, "An IssuerNameSpaces entry");
                if (array.Count == 0)
                {
                    throw MdocFields.Malformed("An IssuerNameSpaces entry has no items.");
                }

                var items = new IssuerSignedItem[array.Count];
                var digestIds = new HashSet<ulong>();
                var identifiers = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    items[i] = IssuerSignedItem.Decode(array[i]);
                    if (!digestIds.Add(items[i].DigestId) || !identifiers.Add(items[i].ElementIdentifier))
                    {
                        throw new CredentialFormatException(MdocFormatCodes.DuplicateItem, $"Namespace '{nameSpace}' discloses two items with the same digest ID or element identifier.");
                    }
                }

                nameSpaces[nameSpace] = Array.AsReadOnly(items);
            }
        }

        var issuerAuth = CoseSign1Message.Decode(MdocFields.Require(map, "issuerAuth", "IssuerSigned"), options);
        if (issuerAuth.Payload is not { } payload)
        {
            throw MdocFields.Malformed("issuerAuth has a detached payload; it must carry the MSO.");
        }

        var mso = MobileSecurityObject.Decode(payload, options);
        return new IssuerSigned(new ReadOnlyDictionary<string, IReadOnlyList<IssuerSignedItem>>(nameSpaces), issuerAuth, mso);
    }
}
