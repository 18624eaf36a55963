namespace Honnin.Mdoc;

/// <summary>
/// Builds <c>ReaderAuthenticationBytes = #6.24(bstr .cbor ["ReaderAuthentication", SessionTranscript,
/// ItemsRequestBytes])</c> (ISO 18013-5 §9.1.4), the detached payload of <c>readerAuth</c>.
/// </summary>
public static class ReaderAuthentication
{
    /// <summary>Builds the ReaderAuthenticationBytes.</summary>
    /// <param name="sessionTranscript">The SessionTranscript (untagged array bytes).</param>
    /// <param name="itemsRequest">The items request; its received bytes are embedded.</param>
    /// <returns>The tag-24 ReaderAuthenticationBytes.</returns>
    public static byte[] BuildBytes(ReadOnlySpan<byte> sessionTranscript, ItemsRequest itemsRequest)
    {
        ArgumentNullException.ThrowIfNull(itemsRequest);
        return AuthenticationStructure.Build("ReaderAuthentication", sessionTranscript, itemsRequest.Encoded);
    }
}
