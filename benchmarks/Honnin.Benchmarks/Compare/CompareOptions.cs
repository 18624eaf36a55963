using System.Globalization;

namespace Honnin.Benchmarks.Compare;

/// <summary>The command line of <c>compare</c>.</summary>
internal sealed record CompareOptions
{
    public string OutputFolder { get; init; } = "BenchmarkDotNet.Artifacts/compare";

    public string PeersFolder { get; init; } = "peers";

    public string Node { get; init; } = "node";

    public int Rounds { get; init; } = 3;

    public int Batches { get; init; } = 5;

    public TimeSpan BatchTime { get; init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMilliseconds(500);

    public bool SkipPeers { get; init; }

    /// <summary>Only this suite (<c>mdoc</c>, <c>sd-jwt</c>, <c>storage</c>, <c>status</c>, <c>issuance</c>); all when null.</summary>
    public string? Only { get; init; }

    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CompareOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--out" => options with { OutputFolder = Next() },
                "--peers" => options with { PeersFolder = Next() },
                "--node" => options with { Node = Next() },
                "--rounds" => options with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batches" => options with { Batches = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batch-ms" => options with { BatchTime = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup-ms" => options with { WarmUp = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--skip-peers" => options with { SkipPeers = true },
                "--only" => options with { Only = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options;
    }
}
