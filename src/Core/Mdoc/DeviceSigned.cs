using Honnin.Cbor;
using Honnin.Cose;

namespace Honnin.Mdoc;

/// <summary>
/// The device-signed part of a document: <c>DeviceNameSpacesBytes</c> and <c>deviceAuth</c>, which holds
/// exactly one of <c>deviceSignature</c> (COSE_Sign1) or <c>deviceMac</c> (COSE_Mac0).
/// </summary>
public sealed class DeviceSigned
{
    private DeviceSigned(CborEncodedItem nameSpacesBytes, CborMap nameSpaces, CoseSign1Message? deviceSignature, CoseMac0Message? deviceMac)
    {
        NameSpacesBytes = nameSpacesBytes;
        NameSpaces = nameSpaces;
        DeviceSignature = deviceSignature;
        DeviceMac = deviceMac;
    }

    /// <summary>The DeviceNameSpacesBytes as received (a tag-24 item; DeviceAuthentication embeds it as is).</summary>
    public CborEncodedItem NameSpacesBytes { get; }

    /// <summary>The device-signed namespaces.</summary>
    public CborMap NameSpaces { get; }

    /// <summary>The device signature, when the mdoc authenticated with its key by signing.</summary>
    public CoseSign1Message? DeviceSignature { get; }

    /// <summary>The device MAC, when the mdoc authenticated with an ECDH-derived MAC key.</summary>
    public CoseMac0Message? DeviceMac { get; }

    /// <summary>Reads a DeviceSigned structure.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>The structure.</returns>
    /// <exception cref="CredentialFormatException">The value is not well formed.</exception>
    public static DeviceSigned Decode(CborValue value, CborDecodeOptions? options = null)
    {
        var map = MdocFields.AsMap(value, "DeviceSigned");
        var nameSpacesBytes = MdocFields.AsEncodedItem(MdocFields.Require(map, "nameSpaces", "DeviceSigned"), "DeviceNameSpacesBytes");
        var nameSpaces = MdocFields.AsMap(nameSpacesBytes.Content, "DeviceNameSpaces");
        var deviceAuth = MdocFields.RequireMap(map, "deviceAuth", "DeviceSigned");
        var hasSignature = deviceAuth.TryGetValue("deviceSignature", out var signature);
        var hasMac = deviceAuth.TryGetValue("deviceMac", out var mac);
        if (hasSignature == hasMac)
        {
            throw MdocFields.Malformed("deviceAuth must hold exactly one of deviceSignature and deviceMac.");
        }

        return new DeviceSigned(
            nameSpacesBytes,
            nameSpaces,
            hasSignature ? CoseSign1Message.Decode(signature!, options) : null,
            hasMac ? CoseMac0Message.Decode(mac!, options) : null);
    }

    /// <summary>Builds the DeviceNameSpacesBytes for an empty set of device-signed elements.</summary>
    /// <returns>The tag-24 item <c>d8 18 41 a0</c>.</returns>
    public static CborEncodedItem EmptyNameSpaces() => CborEncodedItem.Wrap(new CborMap([]));

    /// <summary>Creates the structure (for presentation).</summary>
    /// <param name="nameSpacesBytes">The DeviceNameSpacesBytes.</param>
    /// <param name="deviceSignature">The device signature, or null.</param>
    /// <param name="deviceMac">The device MAC, or null.</param>
    /// <returns>The structure.</returns>
    /// <exception cref="ArgumentException">Not exactly one of signature and MAC is given, or the namespaces are not a map.</exception>
    public static DeviceSigned Create(CborEncodedItem nameSpacesBytes, CoseSign1Message? deviceSignature, CoseMac0Message? deviceMac)
    {
        ArgumentNullException.ThrowIfNull(nameSpacesBytes);
        if ((deviceSignature is null) == (deviceMac is null))
        {
            throw new ArgumentException("Give exactly one of a device signature and a device MAC.", nameof(deviceSignature));
        }

        var nameSpaces = nameSpacesBytes.Content as CborMap ?? throw new ArgumentException("DeviceNameSpaces must be a map.", nameof(nameSpacesBytes));
        return new DeviceSigned(nameSpacesBytes, nameSpaces, deviceSignature, deviceMac);
    }

    /// <summary>The structure as CBOR.</summary>
    public CborMap ToCbor() => CborMap.FromText(
        ("nameSpaces", NameSpacesBytes),
        ("deviceAuth", DeviceSignature is not null
            ? CborMap.FromText(("deviceSignature", DeviceSignature.Encoded))
            : CborMap.FromText(("deviceMac", DeviceMac!.Encoded))));
}
