using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>One document of a DeviceResponse: its docType, the issuer-signed part and the device-signed part.</summary>
public sealed class MdocDocument
{
    private MdocDocument(CborMap encoded, string docType, IssuerSigned issuerSigned, DeviceSigned deviceSigned, CborValue? errors)
    {
        Encoded = encoded;
        DocType = docType;
        IssuerSigned = issuerSigned;
        DeviceSigned = deviceSigned;
        Errors = errors;
    }

    /// <summary>The Document map as received.</summary>
    public CborMap Encoded { get; }

    /// <summary>The document type the response claims (checked against the MSO by the verifier).</summary>
    public string DocType { get; }

    /// <summary>The issuer-signed part.</summary>
    public IssuerSigned IssuerSigned { get; }

    /// <summary>The device-signed part.</summary>
    public DeviceSigned DeviceSigned { get; }

    /// <summary>Per-element errors the mdoc reported, if any.</summary>
    public CborValue? Errors { get; }

    /// <summary>Creates a document (for presentation).</summary>
    /// <param name="docType">The document type.</param>
    /// <param name="issuerSigned">The issuer-signed part.</param>
    /// <param name="deviceSigned">The device-signed part.</param>
    /// <returns>The document.</returns>
    public static MdocDocument Create(string docType, IssuerSigned issuerSigned, DeviceSigned deviceSigned)
    {
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentNullException.ThrowIfNull(issuerSigned);
        ArgumentNullException.ThrowIfNull(deviceSigned);
        var map = CborMap.FromText(("docType", new CborTextString(docType)), ("issuerSigned", issuerSigned.ToCbor()), ("deviceSigned", deviceSigned.ToCbor()));
        return new MdocDocument(map, docType, issuerSigned, deviceSigned, null);
    }

    /// <summary>Reads a Document.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>The document.</returns>
    /// <exception cref="CredentialFormatException">The value is not well formed.</exception>
    public static MdocDocument Decode(CborValue value, CborDecodeOptions? options = null)
    {
        var map = MdocFields.AsMap(value, "A Document");
        var docType = MdocFields.RequireText(map, "docType", "a Document");
        var issuerSigned = IssuerSigned.Decode(MdocFields.Require(map, "issuerSigned", "a Document"), options);
        var deviceSigned = DeviceSigned.Decode(MdocFields.Require(map, "deviceSigned", "a Document"), options);
        map.TryGetValue("errors", out var errors);
        return new MdocDocument(map, docType, issuerSigned, deviceSigned, errors);
    }
}
