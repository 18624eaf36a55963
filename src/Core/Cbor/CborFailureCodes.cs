namespace Honnin.Cbor;

/// <summary>Stable failure codes of the CBOR layer, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class CborFailureCodes
{
    /// <summary>The input is not well-formed CBOR, or a known tag holds the wrong content.</summary>
    public const string Malformed = "cbor_malformed";

    /// <summary>The input, or a collection in it, is larger than the configured limit.</summary>
    public const string TooLarge = "cbor_too_large";

    /// <summary>The input nests deeper than the configured limit.</summary>
    public const string TooDeep = "cbor_too_deep";

    /// <summary>A map holds the same key twice.</summary>
    public const string DuplicateKey = "cbor_duplicate_key";

    /// <summary>Bytes follow the single data item.</summary>
    public const string TrailingBytes = "cbor_trailing_bytes";

    /// <summary>An indefinite length was used where the profile forbids it.</summary>
    public const string IndefiniteLength = "cbor_indefinite_length";

    /// <summary>An integer, length or tag is not in its shortest form.</summary>
    public const string NonShortestEncoding = "cbor_non_shortest";
}
