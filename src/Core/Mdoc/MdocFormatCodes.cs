namespace Honnin.Mdoc;

/// <summary>Stable failure codes for mdoc structures that do not follow ISO/IEC 18013-5, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class MdocFormatCodes
{
    /// <summary>A structure is missing a field, has a field of the wrong type, or has the wrong shape.</summary>
    public const string Malformed = "mdoc_malformed";

    /// <summary>A session message (ISO/IEC 18013-5 §9.1.1) is too short for its tag or does not decrypt with the session key and the expected counter.</summary>
    public const string SessionDecryptionFailed = "session_decryption_failed";

    /// <summary>Two disclosed items of one namespace share a digest ID or an element identifier.</summary>
    public const string DuplicateItem = "mdoc_duplicate_item";

    /// <summary>The MSO names a digest algorithm other than SHA-256, SHA-384 and SHA-512.</summary>
    public const string UnsupportedDigestAlgorithm = "mdoc_unsupported_digest_algorithm";

    /// <summary>The structure's version is not 1.x.</summary>
    public const string UnsupportedVersion = "mdoc_unsupported_version";

    /// <summary>The MobileSecurityObject <c>version</c> is not "1.0" or a later 1.x minor version (ISO/IEC 18013-5 clause 9.1.2.4).</summary>
    public const string UnsupportedMsoVersion = "mdoc_unsupported_mso_version";

    /// <summary>The MSO <c>status</c> is not a map, or its <c>status_list</c> is not <c>{idx: unsigned integer, uri: text}</c>.</summary>
    public const string StatusMalformed = "mdoc_status_malformed";
}
