namespace Honnin.Benchmarks.Compare;

/// <summary>One operation timed for Honnin, for the crypto floor(s) it needs, and by the peers under the same id.</summary>
/// <param name="Id">The id the peer script reports under, e.g. <c>verify-signature</c>.</param>
/// <param name="Title">The row title.</param>
/// <param name="Honnin">One operation through Honnin's public API.</param>
/// <param name="Floors">The raw crypto the operation needs, each with a label; the first is the reference floor.</param>
/// <param name="InputBytes">For verification: the size of the response, to relate allocations to it.</param>
internal sealed record ComparisonCase(string Id, string Title, Func<ValueTask> Honnin, IReadOnlyList<(string Label, Func<ValueTask> Run)> Floors, int? InputBytes = null);
