using System.Diagnostics.CodeAnalysis;
using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>
/// An ISO 18013-5 DeviceResponse: <c>{version, ?documents, ?documentErrors, status}</c>. Decoding keeps
/// every received byte that a digest, signature or MAC covers.
/// </summary>
public sealed class DeviceResponse
{
    /// <summary>Status 0: OK.</summary>
    public const ulong StatusOk = 0;

    private DeviceResponse(CborMap encoded, string version, IReadOnlyList<MdocDocument> documents, CborValue? documentErrors, ulong status)
    {
        Encoded = encoded;
        Version = version;
        Documents = documents;
        DocumentErrors = documentErrors;
        Status = status;
    }

    /// <summary>The response as received.</summary>
    public CborMap Encoded { get; }

    /// <summary>The version ("1.0").</summary>
    public string Version { get; }

    /// <summary>The returned documents (possibly none).</summary>
    public IReadOnlyList<MdocDocument> Documents { get; }

    /// <summary>Errors for documents the mdoc did not return, if any.</summary>
    public CborValue? DocumentErrors { get; }

    /// <summary>The response status (0 = OK, 10 = general error, 11 = CBOR decoding error, 12 = CBOR validation error).</summary>
    public ulong Status { get; }

    /// <summary>Creates a response (for presentation).</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="status">The status; 0 (OK) by default.</param>
    /// <returns>The response; <c>Encoded.EncodedBytes</c> is what to send.</returns>
    public static DeviceResponse Create(IReadOnlyList<MdocDocument> documents, ulong status = StatusOk)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var entries = new List<(string, CborValue)> { ("version", new CborTextString("1.0")) };
        if (documents.Count > 0)
        {
            entries.Add(("documents", new CborArray(documents.Select(d => (CborValue)d.Encoded))));
        }

        entries.Add(("status", new CborInteger(status)));
        return new DeviceResponse(CborMap.FromText([.. entries]), "1.0", documents, null, status);
    }

    /// <summary>Decodes a DeviceResponse.</summary>
    /// <param name="encoded">The encoded response. The memory is referenced, not copied: keep it unchanged.</param>
    /// <param name="options">Bounds and strictness; <see cref="CborDecodeOptions.Default"/> when null.</param>
    /// <returns>The response.</returns>
    /// <exception cref="CredentialFormatException">The bytes are not a well-formed DeviceResponse.</exception>
    public static DeviceResponse Decode(ReadOnlyMemory<byte> encoded, CborDecodeOptions? options = null)
    {
        var map = MdocFields.AsMap(CborDecoder.Decode(encoded, options), "The DeviceResponse");
        var version = MdocFields.RequireText(map, "version", "the DeviceResponse");
        if (!IsVersion1(version))
        {
            throw new CredentialFormatException(MdocFormatCodes.UnsupportedVersion, "The DeviceResponse version is not 1.x.");
        }

        var documents = new List<MdocDocument>();
        if (map.TryGetValue("documents", out var documentsValue))
        {
            foreach (var document in MdocFields.AsArray(documentsValue, "'documents'").Items)
            {
                documents.Add(MdocDocument.Decode(document, options));
            }
        }

        map.TryGetValue("documentErrors", out var documentErrors);
        var status = MdocFields.RequireUInt(map, "status", "the DeviceResponse");
        return new DeviceResponse(map, version, documents.AsReadOnly(), documentErrors, status);
    }

    /// <summary>Whether a version is "1.0" or a later minor version of 1, which readers of 1.0 understand.</summary>
    internal static bool IsVersion1(string version) =>
        version.Length is >= 3 and <= 8 && version.StartsWith("1.", StringComparison.Ordinal) && version[2..].All(char.IsAsciiDigit);

    /// <summary>Decodes a DeviceResponse without throwing.</summary>
    /// <param name="encoded">The encoded response.</param>
    /// <param name="response">The response, on success.</param>
    /// <param name="error">The failure, otherwise.</param>
    /// <param name="options">Bounds and strictness.</param>
    /// <returns>Whether decoding succeeded.</returns>
    public static bool TryDecode(
        ReadOnlyMemory<byte> encoded,
        [NotNullWhen(true)] out DeviceResponse? response,
        [NotNullWhen(false)] out CredentialFormatException? error,
        CborDecodeOptions? options = null)
    {
        return CredentialFormatException.Try(() => Decode(encoded, options), out response, out error);
    }
}
