namespace Honnin.Cbor;

/// <summary>
/// Bounds and strictness for <see cref="CborDecoder"/>. The defaults suit credentials: at most
/// 4 MiB of input, at most 32 levels of nesting, no indefinite lengths, no duplicate map keys,
/// no trailing bytes.
/// </summary>
public sealed record CborDecodeOptions
{
    /// <summary>The defaults described on the type.</summary>
    public static CborDecodeOptions Default { get; } = new();

    /// <summary>The largest input accepted, in bytes.</summary>
    public int MaxInputLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>The deepest nesting of arrays, maps and tags accepted (embedded tag-24 items included).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>The largest number of elements in one array or map.</summary>
    public int MaxCollectionLength { get; init; } = 65_536;

    /// <summary>Whether indefinite-length strings, arrays and maps are accepted. The mdoc profile forbids them.</summary>
    public bool AllowIndefiniteLengths { get; init; }

    /// <summary>Whether integers, lengths and tags must use their shortest encoding (ISO 18013-5 clause 8.1 preferred serialization).</summary>
    public bool RequireShortestEncoding { get; init; } = true;
}
