using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.SdJwt;

/// <summary>
/// A path to a claim in an SD-JWT payload: member names and array steps, as in DCQL claim paths. Written as text,
/// names are joined by <c>.</c> and array steps are <c>[n]</c> or <c>[*]</c>: <c>address.locality</c>,
/// <c>dependents_list[0]</c>, <c>nationalities[*]</c>. Names that contain <c>.</c>, <c>[</c> or <c>]</c> cannot be
/// written as text; build those paths from <see cref="ClaimPathSegment"/>s so no path is ambiguous. As JSON, a path is
/// a claims path pointer (OpenID4VP 1.0 §7): an array of strings, non-negative integers and nulls (every element), read
/// with <see cref="TryFromPointer"/> and written with <see cref="ToPointer"/>.
/// </summary>
public sealed class ClaimPath : IEquatable<ClaimPath>
{
    private readonly ClaimPathSegment[] _segments;

    /// <summary>Creates a path from its steps.</summary>
    /// <param name="segments">The steps, outermost first; the first must be a member name.</param>
    /// <exception cref="ArgumentException">The path is empty or does not start with a member name.</exception>
    public ClaimPath(IEnumerable<ClaimPathSegment> segments)
        : this(segments?.ToArray() ?? throw new ArgumentNullException(nameof(segments)), validate: true)
    {
    }

    private ClaimPath(ClaimPathSegment[] segments, bool validate)
    {
        if (validate && (segments.Length == 0 || !segments[0].IsName))
        {
            throw new ArgumentException("A claim path starts with a member name.", nameof(segments));
        }

        _segments = segments;
    }

    /// <summary>The steps, outermost first.</summary>
    public IReadOnlyList<ClaimPathSegment> Segments => _segments;

    /// <summary>Parses the text form, e.g. <c>address.locality</c> or <c>dependents_list[0]</c>.</summary>
    /// <param name="path">The text.</param>
    /// <returns>The path.</returns>
    /// <exception cref="FormatException">The text is not a claim path.</exception>
    public static ClaimPath Parse(string path) =>
        TryParse(path, out var result) ? result : throw new FormatException("The text is not a claim path (names joined by '.', array steps as [n] or [*]).");

    /// <summary>Parses the text form without throwing.</summary>
    /// <param name="path">The text.</param>
    /// <param name="result">The path, when the text is valid.</param>
    /// <returns>Whether the text is a claim path.</returns>
    public static bool TryParse([NotNullWhen(true)] string? path, [NotNullWhen(true)] out ClaimPath? result)
    {
        result = null;
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var segments = new List<ClaimPathSegment>();
        var i = 0;
        var expectName = true;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (segments.Count == 0 || close < 0)
                {
                    return false;
                }

                var inner = path.AsSpan(i + 1, close - i - 1);
                if (inner is "*")
                {
                    segments.Add(ClaimPathSegment.AllElements);
                }
                else if (inner.Length > 0 && inner.Length <= 9 && inner.IndexOfAnyExceptInRange('0', '9') < 0
                    && int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(ClaimPathSegment.ForIndex(index));
                }
                else
                {
                    return false;
                }

                i = close + 1;
                expectName = false;
                continue;
            }

            if (path[i] == '.')
            {
                if (segments.Count == 0 || expectName)
                {
                    return false;
                }

                i++;
                expectName = true;
                continue;
            }

            if (!expectName)
            {
                return false;
            }

            var end = path.IndexOfAny(['.', '['], i);
            end = end < 0 ? path.Length : end;
            var name = path[i..end];
            if (name.Contains(']', StringComparison.Ordinal))
            {
                return false;
            }

            segments.Add(ClaimPathSegment.ForName(name));
            i = end;
            expectName = false;
        }

        if (expectName)
        {
            return false;
        }

        result = new ClaimPath(segments.ToArray(), validate: false);
        return true;
    }

    /// <summary>
    /// Reads a claims path pointer (OpenID4VP 1.0 §7): a non-empty JSON array of strings (member names), non-negative
    /// integers (array indexes) and nulls (every element). Its first component must be a string: a pointer into a JSON
    /// credential starts at the top-level object, where an index or null can never select anything.
    /// </summary>
    /// <param name="pointer">The JSON array.</param>
    /// <param name="result">The path, when the pointer is valid.</param>
    /// <returns>Whether the pointer is a claims path pointer that starts with a member name.</returns>
    public static bool TryFromPointer(JsonNode? pointer, [NotNullWhen(true)] out ClaimPath? result)
    {
        result = null;
        if (pointer is not JsonArray { Count: > 0 } array)
        {
            return false;
        }

        var segments = new ClaimPathSegment[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            switch (array[i])
            {
                case null:
                    segments[i] = ClaimPathSegment.AllElements;
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    segments[i] = ClaimPathSegment.ForName(value.GetValue<string>());
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var index) && index >= 0:
                    segments[i] = ClaimPathSegment.ForIndex(index);
                    break;
                default:
                    return false;
            }
        }

        if (!segments[0].IsName)
        {
            return false;
        }

        result = new ClaimPath(segments, validate: false);
        return true;
    }

    /// <summary>The path as a claims path pointer (OpenID4VP 1.0 §7): names as strings, indexes as integers, every element as null.</summary>
    /// <returns>A new array the caller owns.</returns>
    public JsonArray ToPointer()
    {
        var array = new JsonArray();
        foreach (var segment in _segments)
        {
            array.Add(segment.IsName ? JsonValue.Create(segment.Name) : segment.IsAllElements ? null : JsonValue.Create(segment.Index));
        }

        return array;
    }

    /// <summary>A path of one member name.</summary>
    /// <param name="name">The top-level claim name.</param>
    /// <returns>The path.</returns>
    public static ClaimPath ForClaim(string name) => new([ClaimPathSegment.ForName(name)], validate: false);

    /// <summary>This path followed by one more step.</summary>
    /// <param name="segment">The step.</param>
    /// <returns>A new path.</returns>
    public ClaimPath Append(ClaimPathSegment segment) => new([.. _segments, segment], validate: false);

    /// <summary>The path without its last step, or null for a one-step path.</summary>
    public ClaimPath? Parent => _segments.Length > 1 ? new ClaimPath(_segments[..^1], validate: false) : null;

    /// <summary>Whether this path equals, or leads to, <paramref name="other"/>: every step of this path overlaps the step at the same place in <paramref name="other"/>.</summary>
    /// <param name="other">The other path.</param>
    /// <returns>True when this path is a (wildcard-aware) prefix of the other.</returns>
    public bool IsPrefixOf(ClaimPath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_segments.Length > other._segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (!_segments[i].Overlaps(other._segments[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(ClaimPath? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ClaimPath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in _segments)
        {
            hash.Add(segment);
        }

        return hash.ToHashCode();
    }

    /// <summary>The text form (names with <c>.</c>, <c>[</c> or <c>]</c> are written as they are, so such text does not parse back).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.IsName && builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(segment.ToString());
        }

        return builder.ToString();
    }
}
