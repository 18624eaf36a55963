namespace Honnin.Benchmarks.Compare;

/// <summary>
/// A credential format's side-by-side comparison: the cases Honnin runs, and the Node script that times the npm peers on
/// the same credential shape (and, for verification, the same bytes). SD-JWT VC is one more implementation.
/// </summary>
internal interface IComparisonSuite : IDisposable
{
    /// <summary>The format, e.g. <c>mdoc</c>.</summary>
    string Name { get; }

    /// <summary>The peer columns, in the order the table shows them (names the peer script reports under).</summary>
    IReadOnlyList<string> Peers { get; }

    /// <summary>The script under benchmarks/peers that times the peers.</summary>
    string PeerScript { get; }

    /// <summary>The cases.</summary>
    IReadOnlyList<ComparisonCase> Cases { get; }

    /// <summary>What the peer script gets as its fixture: credential material, claims and the responses Honnin produced.</summary>
    object PeerFixture();
}
