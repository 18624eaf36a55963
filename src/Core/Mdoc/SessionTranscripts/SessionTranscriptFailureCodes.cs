namespace Honnin.Mdoc;

/// <summary>
/// Stable failure codes of <see cref="SessionTranscript"/> decoding, carried by
/// <see cref="CredentialFormatException.Code"/>. Input that is not well-formed CBOR keeps the code of the CBOR layer
/// (<see cref="Cbor.CborFailureCodes"/>).
/// </summary>
public static class SessionTranscriptFailureCodes
{
    /// <summary>
    /// The CBOR is well formed but is not a SessionTranscript: not a three-element array (optionally wrapped in tag 24),
    /// or its DeviceEngagementBytes or EReaderKeyBytes is neither <c>null</c> nor a tag-24 item enclosing a map.
    /// </summary>
    public const string Malformed = "transcript_malformed";
}
