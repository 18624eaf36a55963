using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>An ISO 18013-5 DeviceRequest: <c>{version, docRequests}</c>.</summary>
public sealed class DeviceRequest
{
    private DeviceRequest(CborMap encoded, string version, IReadOnlyList<DocRequest> docRequests)
    {
        Encoded = encoded;
        Version = version;
        DocRequests = docRequests;
    }

    /// <summary>The request as received or created.</summary>
    public CborMap Encoded { get; }

    /// <summary>The version ("1.0").</summary>
    public string Version { get; }

    /// <summary>The document requests.</summary>
    public IReadOnlyList<DocRequest> DocRequests { get; }

    /// <summary>Creates a request.</summary>
    /// <param name="docRequests">The document requests.</param>
    /// <returns>The request; <c>Encoded.EncodedBytes</c> is what to send.</returns>
    /// <exception cref="ArgumentException">No document is requested.</exception>
    public static DeviceRequest Create(IReadOnlyList<DocRequest> docRequests)
    {
        ArgumentNullException.ThrowIfNull(docRequests);
        if (docRequests.Count == 0)
        {
            throw new ArgumentException("A DeviceRequest asks for at least one document.", nameof(docRequests));
        }

        var map = CborMap.FromText(("version", new CborTextString("1.0")), ("docRequests", new CborArray(docRequests.Select(d => (CborValue)d.ToCbor()))));
        return new DeviceRequest(map, "1.0", docRequests);
    }

    /// <summary>Decodes a DeviceRequest.</summary>
    /// <param name="encoded">The encoded request.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>The request.</returns>
    /// <exception cref="CredentialFormatException">The bytes are not a well-formed DeviceRequest.</exception>
    public static DeviceRequest Decode(ReadOnlyMemory<byte> encoded, CborDecodeOptions? options = null)
    {
        var map = MdocFields.AsMap(CborDecoder.Decode(encoded, options), "The DeviceRequest");
        var version = MdocFields.RequireText(map, "version", "the DeviceRequest");
        var requests = MdocFields.AsArray(MdocFields.Require(map, "docRequests", "the DeviceRequest"), "'docRequests'");
        if (requests.Count == 0)
        {
            throw MdocFields.Malformed("The DeviceRequest asks for no document.");
        }

        return new DeviceRequest(map, version, [.. requests.Items.Select(r => DocRequest.Decode(r, options))]);
    }
}
