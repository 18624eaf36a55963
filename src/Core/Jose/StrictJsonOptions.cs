namespace Honnin.Jose;

/// <summary>
/// Bounds for <see cref="StrictJson"/>. The defaults suit credentials: at most 4 MiB of UTF-8 and at most
/// 32 levels of nesting. Duplicate member names and trailing content are always rejected.
/// </summary>
public sealed record StrictJsonOptions
{
    /// <summary>The defaults described on the type.</summary>
    public static StrictJsonOptions Default { get; } = new();

    /// <summary>The largest input accepted, in UTF-8 bytes.</summary>
    public int MaxInputLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays accepted.</summary>
    public int MaxDepth { get; init; } = 32;
}
