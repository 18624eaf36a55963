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
}
