namespace Honnin.Jose;

/// <summary>Stable failure codes of the JOSE layer, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class JoseFailureCodes
{
    /// <summary>The text is not valid unpadded base64url (RFC 7515 §2), or not its canonical form.</summary>
    public const string InvalidBase64Url = "jose_invalid_base64url";

    /// <summary>The bytes are not one well-formed JSON value in UTF-8.</summary>
    public const string InvalidJson = "jose_invalid_json";

    /// <summary>A JSON object holds the same member name twice.</summary>
    public const string DuplicateMember = "jose_duplicate_member";

    /// <summary>The JSON input is larger than the configured limit.</summary>
    public const string TooLarge = "jose_too_large";

    /// <summary>The JSON input nests deeper than the configured limit.</summary>
    public const string TooDeep = "jose_too_deep";

    /// <summary>The JWS is not three base64url parts with a JSON object header, or a header parameter has the wrong type.</summary>
    public const string Malformed = "jose_malformed";

    /// <summary>The <c>crit</c> header names a parameter this implementation does not understand.</summary>
    public const string UnknownCriticalHeader = "jose_unknown_critical_header";

    /// <summary>The <c>alg</c> is missing, <c>none</c>, symmetric, or not one Honnin supports.</summary>
    public const string UnsupportedAlgorithm = "jose_unsupported_algorithm";

    /// <summary>A JWK is malformed, carries private parameters where a public key is expected, or is of an unsupported type or curve.</summary>
    public const string InvalidKey = "jose_invalid_key";

    /// <summary>The JWE is not five base64url parts with a JSON object header, the encrypted key is not empty, the IV or tag has the wrong length, or a header parameter has the wrong type.</summary>
    public const string JweMalformed = "jose_jwe_malformed";

    /// <summary>The compact JWE is longer than <see cref="CompactJwe.MaxLength"/> characters, or its header longer than the JSON limit.</summary>
    public const string JweTooLarge = "jose_jwe_too_large";

    /// <summary>The JWE <c>alg</c> is not <c>ECDH-ES</c> (a missing <c>alg</c> is <see cref="JweMalformed"/>).</summary>
    public const string JweUnsupportedAlgorithm = "jose_jwe_unsupported_algorithm";

    /// <summary>The JWE <c>enc</c> is not <c>A128GCM</c> or <c>A256GCM</c>, or not one the caller allows.</summary>
    public const string JweUnsupportedEncryption = "jose_jwe_unsupported_encryption";

    /// <summary>The JWE has a <c>zip</c> header: compressed plaintext is not supported.</summary>
    public const string JweUnsupportedCompression = "jose_jwe_unsupported_compression";

    /// <summary>The JWE <c>epk</c> is missing, not a public EC P-256 JWK, or not a point on P-256 (invalid-curve attack).</summary>
    public const string JweInvalidEphemeralKey = "jose_jwe_invalid_ephemeral_key";

    /// <summary>The JWE does not decrypt: the authentication tag does not match (wrong key, or a changed part).</summary>
    public const string JweDecryptionFailed = "jose_jwe_decryption_failed";
}
