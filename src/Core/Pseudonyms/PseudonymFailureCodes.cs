namespace Honnin.Pseudonyms;

/// <summary>Stable failure codes for domain pseudonyms, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class PseudonymFailureCodes
{
    /// <summary>
    /// The text is not <c>v1.&lt;kid&gt;.&lt;base64url(32 bytes)&gt;</c>: wrong number of parts, a key id outside
    /// <c>[A-Za-z0-9_-]{1,32}</c>, or a tag that is not 32 bytes of canonical unpadded base64url.
    /// </summary>
    public const string Malformed = "pseudonym_malformed";

    /// <summary>The text starts with a version label other than <c>v1</c>.</summary>
    public const string UnsupportedVersion = "pseudonym_unsupported_version";
}
