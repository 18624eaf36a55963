using Honnin.Cbor;

namespace Honnin.Mdoc;

/// <summary>
/// Builds <c>DeviceAuthenticationBytes = #6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript, DocType,
/// DeviceNameSpacesBytes])</c> (ISO 18013-5 §9.1.3.4), the detached payload of <c>deviceSignature</c> and
/// <c>deviceMac</c>. The transcript and the namespaces are embedded as the bytes received, never re-encoded.
/// </summary>
public static class DeviceAuthentication
{
    /// <summary>Builds the DeviceAuthenticationBytes.</summary>
    /// <param name="sessionTranscript">The SessionTranscript (the untagged array, as agreed by both sides).</param>
    /// <param name="docType">The document type.</param>
    /// <param name="deviceNameSpacesBytes">The DeviceNameSpacesBytes (tag 24).</param>
    /// <returns>The tag-24 DeviceAuthenticationBytes.</returns>
    public static byte[] BuildBytes(ReadOnlySpan<byte> sessionTranscript, string docType, CborEncodedItem deviceNameSpacesBytes)
    {
        ArgumentNullException.ThrowIfNull(docType);
        ArgumentNullException.ThrowIfNull(deviceNameSpacesBytes);
        return AuthenticationStructure.Build("DeviceAuthentication", sessionTranscript, new CborTextString(docType), deviceNameSpacesBytes);
    }
}
