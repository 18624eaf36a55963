namespace Honnin.SdJwt;

/// <summary>How an SD-JWT was serialized.</summary>
public enum SdJwtSerialization
{
    /// <summary>The compact form <c>&lt;JWT&gt;~&lt;D1&gt;~…~&lt;Dn&gt;~[KB-JWT]</c> (RFC 9901 §4).</summary>
    Compact,

    /// <summary>Flattened JWS JSON serialization (RFC 9901 §8.1).</summary>
    JsonFlattened,

    /// <summary>General JWS JSON serialization (RFC 9901 §8.1).</summary>
    JsonGeneral,
}
