using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Benchmarks.Compare;

/// <summary>
/// The side-by-side run behind compare.sh: for each round, times every case for Honnin and its crypto floor with a
/// Stopwatch, then runs the suite's Node script on the same fixture; prints medians of all timed batches and the ratios.
/// </summary>
internal sealed class CompareRunner(CompareOptions options)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public async Task<int> RunAsync(IReadOnlyList<IComparisonSuite> suites)
    {
        Directory.CreateDirectory(options.OutputFolder);
        var report = new StringBuilder();
        var json = new JsonObject();
        foreach (var suite in suites)
        {
            var fixturePath = Path.Combine(options.OutputFolder, suite.Name + "-fixture.json");
            await File.WriteAllTextAsync(fixturePath, JsonSerializer.Serialize(suite.PeerFixture()));
            var honnin = suite.Cases.ToDictionary(c => c.Id, _ => new Measurement());
            var floors = suite.Cases.ToDictionary(c => c.Id, c => c.Floors.Select(_ => new Measurement()).ToArray());
            var peers = new Dictionary<(string Peer, string Case), Measurement>();
            var peerNotes = new Dictionary<(string Peer, string Case), string>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var c in suite.Cases)
                {
                    Console.Error.WriteLine($"[{suite.Name} round {round}/{options.Rounds}] Honnin {c.Id}");
                    await honnin[c.Id].RunAsync(c.Honnin, options.Batches, options.WarmUp, options.BatchTime);
                    for (var i = 0; i < c.Floors.Count; i++)
                    {
                        await floors[c.Id][i].RunAsync(c.Floors[i].Run, options.Batches, options.WarmUp, options.BatchTime);
                    }
                }

                if (options.SkipPeers || suite.Peers.Count == 0)
                {
                    continue;
                }

                Console.Error.WriteLine($"[{suite.Name} round {round}/{options.Rounds}] peers ({suite.PeerScript})");
                var result = await RunNodeAsync(suite.PeerScript, fixturePath);
                foreach (var (peer, cases) in result)
                {
                    foreach (var (id, outcome) in cases!.AsObject())
                    {
                        if (outcome!["note"] is { } note)
                        {
                            peerNotes[(peer, id)] = note.GetValue<string>();
                        }

                        if (outcome["batches"] is JsonArray batches)
                        {
                            if (!peers.TryGetValue((peer, id), out var measurement))
                            {
                                peers[(peer, id)] = measurement = new Measurement();
                            }

                            foreach (var value in batches)
                            {
                                measurement.AddBatch(value!.GetValue<double>());
                            }
                        }
                    }
                }
            }

            report.Append(FloorTable(suite, honnin, floors)).AppendLine();
            if (!options.SkipPeers && suite.Peers.Count > 0)
            {
                report.Append(PeerTable(suite, honnin, floors, peers, peerNotes)).AppendLine();
            }

            json[suite.Name] = ToJson(suite, honnin, floors, peers, peerNotes);
        }

        var text = report.ToString();
        Console.WriteLine(text);
        await File.WriteAllTextAsync(Path.Combine(options.OutputFolder, "results.md"), text);
        await File.WriteAllTextAsync(Path.Combine(options.OutputFolder, "results.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static string FloorTable(IComparisonSuite suite, Dictionary<string, Measurement> honnin, Dictionary<string, Measurement[]> floors)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"### {suite.Name}: Honnin over the crypto floor (median ops/s)");
        table.AppendLine();
        table.AppendLine("| operation | Honnin ops/s | Honnin allocated/op | crypto floor | floor ops/s | floor allocated/op | Honnin overhead |");
        table.AppendLine("|---|---:|---:|---|---:|---:|---:|");
        foreach (var c in suite.Cases)
        {
            var h = honnin[c.Id];
            var allocated = h.AllocatedBytesPerOperation is { } bytes
                ? Bytes(bytes) + (c.InputBytes is { } size ? string.Create(Invariant, $" ({bytes / size:0.0}× response of {size} B)") : string.Empty)
                : "–";
            for (var i = 0; i < c.Floors.Count; i++)
            {
                var floor = floors[c.Id][i];
                var overhead = floor.Median / h.Median - 1;
                table.AppendLine(i == 0
                    ? $"| {c.Title} | {Ops(h.Median)} | {allocated} | {c.Floors[i].Label} | {Ops(floor.Median)} | {Allocated(floor)} | {Percent(overhead)} |"
                    : $"| | | | {c.Floors[i].Label} | {Ops(floor.Median)} | {Allocated(floor)} | {Percent(overhead)} |");
            }
        }

        return table.ToString();
    }

    private static string PeerTable(IComparisonSuite suite, Dictionary<string, Measurement> honnin, Dictionary<string, Measurement[]> floors, Dictionary<(string, string), Measurement> peers, Dictionary<(string, string), string> notes)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"### {suite.Name}: Honnin and the peers in the same run (median ops/s; ratio = Honnin ÷ peer, floor ÷ peer)");
        table.AppendLine();
        table.Append("| operation | Honnin | floor |");
        foreach (var peer in suite.Peers)
        {
            table.Append(CultureInfo.InvariantCulture, $" {peer} | Honnin ÷ | floor ÷ |");
        }

        table.AppendLine();
        table.Append("|---|---:|---:|");
        table.AppendLine(string.Concat(suite.Peers.Select(_ => "---:|---:|---:|")));
        foreach (var c in suite.Cases)
        {
            var h = honnin[c.Id].Median;
            var f = floors[c.Id][0].Median;
            table.Append(CultureInfo.InvariantCulture, $"| {c.Title} | {Ops(h)} | {Ops(f)} |");
            foreach (var peer in suite.Peers)
            {
                if (peers.TryGetValue((peer, c.Id), out var p))
                {
                    var note = notes.TryGetValue((peer, c.Id), out var n) ? " ¹" : string.Empty;
                    table.Append(CultureInfo.InvariantCulture, $" {Ops(p.Median)}{note} | {h / p.Median:0.0}× | {f / p.Median:0.0}× |");
                }
                else
                {
                    table.Append(" n/a ¹ | | |");
                }
            }

            table.AppendLine();
        }

        var footnotes = notes.Select(n => $"{n.Key.Item1} {n.Key.Item2}: {n.Value}").Distinct(StringComparer.Ordinal).ToList();
        if (footnotes.Count > 0)
        {
            table.AppendLine();
            foreach (var footnote in footnotes)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"¹ {footnote}");
            }
        }

        return table.ToString();
    }

    private static JsonObject ToJson(IComparisonSuite suite, Dictionary<string, Measurement> honnin, Dictionary<string, Measurement[]> floors, Dictionary<(string Peer, string Case), Measurement> peers, Dictionary<(string, string), string> notes)
    {
        var result = new JsonObject();
        foreach (var c in suite.Cases)
        {
            var entry = new JsonObject
            {
                ["title"] = c.Title,
                ["honnin"] = Describe(honnin[c.Id]),
                ["floors"] = new JsonArray([.. c.Floors.Select((f, i) => (JsonNode)new JsonObject { ["label"] = f.Label, ["result"] = Describe(floors[c.Id][i]) })]),
            };
            if (c.InputBytes is { } size)
            {
                entry["inputBytes"] = size;
            }

            foreach (var peer in suite.Peers)
            {
                var peerEntry = new JsonObject();
                if (peers.TryGetValue((peer, c.Id), out var p))
                {
                    peerEntry["result"] = Describe(p);
                }

                if (notes.TryGetValue((peer, c.Id), out var note))
                {
                    peerEntry["note"] = note;
                }

                entry[peer] = peerEntry;
            }

            result[c.Id] = entry;
        }

        return result;
    }

    private static JsonObject Describe(Measurement m) => new()
    {
        ["medianOpsPerSecond"] = Math.Round(m.Median, 1),
        ["batches"] = new JsonArray([.. m.Batches.Select(b => (JsonNode)Math.Round(b, 1))]),
        ["allocatedBytesPerOperation"] = m.AllocatedBytesPerOperation is { } a ? Math.Round(a) : null,
    };

    private async Task<JsonObject> RunNodeAsync(string script, string fixturePath)
    {
        var start = new ProcessStartInfo(options.Node)
        {
            WorkingDirectory = options.PeersFolder,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Path.GetFullPath(fixturePath));
        start.ArgumentList.Add(options.Batches.ToString(Invariant));
        start.ArgumentList.Add(((int)options.BatchTime.TotalMilliseconds).ToString(Invariant));
        start.ArgumentList.Add(((int)options.WarmUp.TotalMilliseconds).ToString(Invariant));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + options.Node + ".");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}; see its output above. Did `npm ci --prefix benchmarks/peers` run?");
        }

        return JsonNode.Parse(output)!.AsObject();
    }

    private static string Ops(double value) => double.IsNaN(value) ? "–" : value >= 100 ? value.ToString("#,0", Invariant) : value.ToString("0.0", Invariant);

    private static string Percent(double value) => (value * 100).ToString("+0;-0", Invariant) + " %";

    private static string Allocated(Measurement m) => m.AllocatedBytesPerOperation is { } bytes ? Bytes(bytes) : "–";

    private static string Bytes(double value) => value >= 10_240 ? (value / 1024).ToString("#,0", Invariant) + " KiB" : value.ToString("#,0", Invariant) + " B";
}
