namespace Honnin.DocumentTypes;

/// <summary>The data type of a document element: its CBOR encoding in an mdoc and its JSON form in an SD-JWT VC.</summary>
public enum ElementType
{
    /// <summary>tstr / JSON string.</summary>
    Text,

    /// <summary>uint / JSON non-negative integer (yen amounts, counts).</summary>
    UnsignedInteger,

    /// <summary>bool / JSON boolean.</summary>
    Boolean,

    /// <summary>full-date: CBOR tag 1004 "YYYY-MM-DD" / JSON "YYYY-MM-DD".</summary>
    FullDate,

    /// <summary>tdate: CBOR tag 0 RFC 3339 / JSON RFC 3339 string.</summary>
    DateTime,

    /// <summary>bstr / JSON base64url string.</summary>
    Bytes,

    /// <summary>A map of text keys / JSON object.</summary>
    Map,

    /// <summary>An array / JSON array.</summary>
    Array,
}
