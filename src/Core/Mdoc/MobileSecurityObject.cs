using System.Collections.ObjectModel;
using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;

namespace Honnin.Mdoc;

/// <summary>
/// The Mobile Security Object (ISO 18013-5 §9.1.2.4): digests of every issuer-signed element, the
/// device key, the docType and the validity window. It is carried in <c>issuerAuth</c> as
/// <c>MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject)</c>.
/// </summary>
public sealed class MobileSecurityObject
{
    private MobileSecurityObject(
        CborEncodedItem encoded,
        string version,
        HashAlgorithmName digestAlgorithm,
        IReadOnlyDictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>> valueDigests,
        CoseKey deviceKey,
        string docType,
        ValidityInfo validityInfo,
        CborValue? status)
    {
        Encoded = encoded;
        Version = version;
        DigestAlgorithm = digestAlgorithm;
        ValueDigests = valueDigests;
        DeviceKey = deviceKey;
        DocType = docType;
        ValidityInfo = validityInfo;
        Status = status;
    }

    /// <summary>The MobileSecurityObjectBytes as received (the tag-24 item that <c>issuerAuth</c> signs).</summary>
    public CborEncodedItem Encoded { get; }

    /// <summary>The version: "1.0", or a later 1.x minor version (see <see cref="IsSupportedVersion"/>).</summary>
    public string Version { get; }

    /// <summary>The digest algorithm (SHA-256, SHA-384 or SHA-512).</summary>
    public HashAlgorithmName DigestAlgorithm { get; }

    /// <summary>Digests per namespace, by digest ID.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>> ValueDigests { get; }

    /// <summary>The device key (<c>deviceKeyInfo.deviceKey</c>) that device authentication must use.</summary>
    public CoseKey DeviceKey { get; }

    /// <summary>The document type.</summary>
    public string DocType { get; }

    /// <summary>The validity window.</summary>
    public ValidityInfo ValidityInfo { get; }

    /// <summary>The <c>status</c> structure (status list or identifier list reference), if present; checking it comes later.</summary>
    public CborValue? Status { get; }

    /// <summary>Creates an MSO (for issuance), encoded once as MobileSecurityObjectBytes.</summary>
    /// <param name="digestAlgorithm">SHA-256, SHA-384 or SHA-512.</param>
    /// <param name="valueDigests">Digests per namespace, by digest ID (decoys included).</param>
    /// <param name="deviceKey">The holder's device key.</param>
    /// <param name="docType">The document type.</param>
    /// <param name="validityInfo">The validity; times are written in UTC without fractions.</param>
    /// <param name="status">An optional status reference.</param>
    /// <returns>The MSO.</returns>
    /// <exception cref="ArgumentException">The algorithm is not supported, the device key is not an EC2 or OKP key, or the validity is inconsistent.</exception>
    public static MobileSecurityObject Create(
        HashAlgorithmName digestAlgorithm,
        IReadOnlyDictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>> valueDigests,
        CoseKey deviceKey,
        string docType,
        ValidityInfo validityInfo,
        CborValue? status = null)
    {
        ArgumentNullException.ThrowIfNull(valueDigests);
        ArgumentNullException.ThrowIfNull(deviceKey);
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentNullException.ThrowIfNull(validityInfo);
        if (deviceKey.KeyType == CoseKeyType.Rsa)
        {
            throw new ArgumentException("An mdoc device key must be an EC2 or OKP key.", nameof(deviceKey));
        }

        var name = digestAlgorithm == HashAlgorithmName.SHA256 ? "SHA-256"
            : digestAlgorithm == HashAlgorithmName.SHA384 ? "SHA-384"
            : digestAlgorithm == HashAlgorithmName.SHA512 ? "SHA-512"
            : throw new ArgumentException("The digest algorithm must be SHA-256, SHA-384 or SHA-512.", nameof(digestAlgorithm));
        if (validityInfo.ValidFrom < validityInfo.Signed || validityInfo.ValidUntil <= validityInfo.ValidFrom)
        {
            throw new ArgumentException("validFrom must not precede signed, and validUntil must follow validFrom.", nameof(validityInfo));
        }

        var digests = new CborMap(valueDigests.Select(ns => new KeyValuePair<CborValue, CborValue>(
            new CborTextString(ns.Key),
            new CborMap(ns.Value.Select(d => new KeyValuePair<CborValue, CborValue>(new CborInteger(d.Key), new CborByteString(d.Value)))))));
        var validity = new List<(string, CborValue)>
        {
            ("signed", new CborDateTime(validityInfo.Signed)),
            ("validFrom", new CborDateTime(validityInfo.ValidFrom)),
            ("validUntil", new CborDateTime(validityInfo.ValidUntil)),
        };
        if (validityInfo.ExpectedUpdate is { } update)
        {
            validity.Add(("expectedUpdate", new CborDateTime(update)));
        }

        var entries = new List<(string, CborValue)>
        {
            ("version", new CborTextString("1.0")),
            ("digestAlgorithm", new CborTextString(name)),
            ("valueDigests", digests),
            ("deviceKeyInfo", CborMap.FromText(("deviceKey", deviceKey.Encoded))),
            ("docType", new CborTextString(docType)),
            ("validityInfo", CborMap.FromText([.. validity])),
        };
        if (status is not null)
        {
            entries.Add(("status", status));
        }

        var wrapped = CborEncodedItem.Wrap(CborMap.FromText([.. entries]));
        var written = new ValidityInfo(
            new CborDateTime(validityInfo.Signed).Value,
            new CborDateTime(validityInfo.ValidFrom).Value,
            new CborDateTime(validityInfo.ValidUntil).Value,
            validityInfo.ExpectedUpdate is { } expected ? new CborDateTime(expected).Value : null);
        return new MobileSecurityObject(wrapped, "1.0", digestAlgorithm, valueDigests, deviceKey, docType, written, status);
    }

    /// <summary>
    /// Whether an MSO <c>version</c> is one this reader understands: "1.0" (ISO/IEC 18013-5:2021 clause 9.1.2.4) or a later
    /// minor version of 1 ("1.1", …), exactly as <see cref="DeviceResponse"/> accepts its own version.
    /// </summary>
    /// <remarks>
    /// Why not exactly "1.0": the reference implementation of the standard's editors models MSO versions "1.0" and "1.1"
    /// (multipaz, MobileSecurityObject.version), and its parser accepts any version from "1.0" on; a minor version adds
    /// members that a 1.0 reader ignores, the same rule this library applies to the DeviceResponse and to unknown map
    /// members. A different major version ("2.0"), an empty or malformed text ("1", "1.0.0", "v1.0", "01.0") can change what
    /// the digests and the signature mean and is refused with <see cref="MdocFormatCodes.UnsupportedMsoVersion"/>.
    /// </remarks>
    /// <param name="version">The <c>version</c> text.</param>
    /// <returns>True for "1.0" and later 1.x versions.</returns>
    internal static bool IsSupportedVersion(string version) => DeviceResponse.IsVersion1(version);

    /// <summary>Reads an MSO from the payload of <c>issuerAuth</c>.</summary>
    /// <param name="payload">The payload: MobileSecurityObjectBytes.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>The MSO.</returns>
    /// <exception cref="CredentialFormatException">
    /// The payload is not a well-formed MSO (<see cref="MdocFormatCodes.Malformed"/>, a CBOR code), names another digest
    /// algorithm (<see cref="MdocFormatCodes.UnsupportedDigestAlgorithm"/>) or another version
    /// (<see cref="MdocFormatCodes.UnsupportedMsoVersion"/>).
    /// </exception>
    public static MobileSecurityObject Decode(ReadOnlyMemory<byte> payload, CborDecodeOptions? options = null)
    {
        var encoded = MdocFields.AsEncodedItem(CborDecoder.Decode(payload, options), "The issuerAuth payload (MobileSecurityObjectBytes)");
        var map = MdocFields.AsMap(encoded.Content, "The MobileSecurityObject");
        const string What = "the MobileSecurityObject";
        var version = MdocFields.RequireText(map, "version", What);
        if (!IsSupportedVersion(version))
        {
            throw new CredentialFormatException(MdocFormatCodes.UnsupportedMsoVersion, "The MobileSecurityObject version is not \"1.0\" or a later 1.x minor version.");
        }

        var algorithmName = MdocFields.RequireText(map, "digestAlgorithm", What);
        var algorithm = algorithmName switch
        {
            "SHA-256" => HashAlgorithmName.SHA256,
            "SHA-384" => HashAlgorithmName.SHA384,
            "SHA-512" => HashAlgorithmName.SHA512,
            _ => throw new CredentialFormatException(MdocFormatCodes.UnsupportedDigestAlgorithm, "The MSO digest algorithm is not SHA-256, SHA-384 or SHA-512."),
        };

        var digestLength = algorithm == HashAlgorithmName.SHA256 ? 32 : algorithm == HashAlgorithmName.SHA384 ? 48 : 64;
        var valueDigests = new Dictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>>(StringComparer.Ordinal);
        foreach (var (nameSpace, digests) in MdocFields.RequireMap(map, "valueDigests", What).Entries)
        {
            var name = nameSpace is CborTextString text ? text.Value : throw MdocFields.Malformed("A valueDigests namespace is not a text string.");
            var byId = new Dictionary<ulong, ReadOnlyMemory<byte>>();
            foreach (var (id, digest) in MdocFields.AsMap(digests, "A valueDigests entry").Entries)
            {
                var digestId = MdocFields.AsUInt(id, "A digest ID");
                var value = digest is CborByteString bytes && bytes.Value.Length == digestLength
                    ? bytes.Value
                    : throw MdocFields.Malformed("A value digest is not a byte string of the algorithm's length.");

                // The decoder already refuses a map key that repeats as a value, however it is encoded; this keeps the
                // first digest from ever being replaced should another path build the map.
                if (!byId.TryAdd(digestId, value))
                {
                    throw new CredentialFormatException(CborFailureCodes.DuplicateKey, $"Namespace '{name}' of valueDigests holds the same digest ID twice.");
                }
            }

            valueDigests[name] = new ReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>(byId);
        }

        var deviceKeyInfo = MdocFields.RequireMap(map, "deviceKeyInfo", What);
        var deviceKey = CoseKey.FromCbor(MdocFields.Require(deviceKeyInfo, "deviceKey", "deviceKeyInfo"));
        var docType = MdocFields.RequireText(map, "docType", What);
        var validity = MdocFields.RequireMap(map, "validityInfo", What);
        var validityInfo = new ValidityInfo(
            MdocFields.RequireDateTime(validity, "signed", "validityInfo"),
            MdocFields.RequireDateTime(validity, "validFrom", "validityInfo"),
            MdocFields.RequireDateTime(validity, "validUntil", "validityInfo"),
            validity.TryGetValue("expectedUpdate", out var update)
                ? update is CborDateTime time ? time.Value : throw MdocFields.Malformed("'expectedUpdate' of validityInfo is not a tdate.")
                : null);
        map.TryGetValue("status", out var status);
        return new MobileSecurityObject(encoded, version, algorithm, new ReadOnlyDictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>>(valueDigests), deviceKey, docType, validityInfo, status);
    }
}
