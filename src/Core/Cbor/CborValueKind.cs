namespace Honnin.Cbor;

/// <summary>The kinds of value in Honnin's CBOR model.</summary>
public enum CborValueKind
{
    /// <summary>Major types 0 and 1.</summary>
    Integer,
    /// <summary>Major type 2.</summary>
    ByteString,
    /// <summary>Major type 3.</summary>
    TextString,
    /// <summary>Major type 4.</summary>
    Array,
    /// <summary>Major type 5.</summary>
    Map,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary><c>null</c>.</summary>
    Null,
    /// <summary><c>undefined</c>.</summary>
    Undefined,
    /// <summary>Half, single or double precision floating point.</summary>
    Float,
    /// <summary>A simple value other than false, true, null and undefined.</summary>
    Simple,
    /// <summary>Tag 1004 <c>full-date</c> (RFC 8943).</summary>
    FullDate,
    /// <summary>Tag 0 <c>tdate</c> (RFC 3339 date-time).</summary>
    DateTime,
    /// <summary>Tag 24: an embedded, encoded CBOR data item.</summary>
    EncodedCbor,
    /// <summary>Any other tag, kept with its content.</summary>
    Tagged,
}
