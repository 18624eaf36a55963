using System.Globalization;

namespace Honnin.SdJwt;

/// <summary>One step of a <see cref="ClaimPath"/>: an object member name, an array index, or every element of an array.</summary>
public readonly record struct ClaimPathSegment
{
    private ClaimPathSegment(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    /// <summary>The member name, or null for an array step.</summary>
    public string? Name { get; }

    /// <summary>The array index (0-based), or -1 for every element; meaningless for a member name.</summary>
    public int Index { get; }

    /// <summary>Whether this step selects an object member.</summary>
    public bool IsName => Name is not null;

    /// <summary>Whether this step selects every element of an array.</summary>
    public bool IsAllElements => Name is null && Index < 0;

    /// <summary>A member name step.</summary>
    /// <param name="name">The member name (any string, including ones with dots or brackets).</param>
    /// <returns>The step.</returns>
    public static ClaimPathSegment ForName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new ClaimPathSegment(name, 0);
    }

    /// <summary>An array index step.</summary>
    /// <param name="index">The 0-based index.</param>
    /// <returns>The step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative.</exception>
    public static ClaimPathSegment ForIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new ClaimPathSegment(null, index);
    }

    /// <summary>The step that selects every element of an array.</summary>
    public static ClaimPathSegment AllElements { get; } = new(null, -1);

    /// <summary>Whether two steps can select the same value: equal names, or equal indexes, or an index and "every element".</summary>
    /// <param name="other">The other step.</param>
    /// <returns>True when they overlap.</returns>
    public bool Overlaps(ClaimPathSegment other) =>
        IsName || other.IsName ? Name == other.Name : Index == other.Index || Index < 0 || other.Index < 0;

    /// <summary>The step in path syntax: <c>name</c>, <c>[3]</c> or <c>[*]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Name ?? (Index < 0 ? "[*]" : "[" + Index.ToString(CultureInfo.InvariantCulture) + "]");
}
