using System.Diagnostics;
using System.Globalization;

namespace Honnin.Benchmarks.Compare;

/// <summary>
/// <c>load [--seconds N] [--concurrency C]</c>: each case of the service suites (the OpenID4VCI and OpenID4VP round
/// trips over HTTP on loopback) and what stands next to it, run by C concurrent clients for N seconds after a warm-up.
/// Reports throughput, p50/p99 latency of one whole round trip, and the process's CPU time per round trip (the clients
/// and the services share the process, so it is the CPU of both sides).
/// </summary>
internal static class LoadRunner
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IComparisonSuite> suites)
    {
        var seconds = 10.0;
        var concurrency = 2;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        Console.WriteLine($"## Load ({concurrency} concurrent clients, {seconds:0} s per row after a 2 s warm-up; {Environment.ProcessorCount} cores; load average at start {LoadAverage()})");
        Console.WriteLine();
        Console.WriteLine("| operation | round trips/s | p50 ms | p99 ms | CPU ms per round trip |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var suite in suites)
        {
            foreach (var c in suite.Cases)
            {
                foreach (var (title, run) in new[] { (c.Title, c.Honnin) }.Concat(c.Floors))
                {
                    var (rate, p50, p99, cpu) = await MeasureAsync(run, seconds, concurrency);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {title} | {rate:0.0} | {p50:0.0} | {p99:0.0} | {cpu:0.00} |"));
                }
            }
        }

        return 0;
    }

    private static async Task<(double Rate, double P50, double P99, double CpuMs)> MeasureAsync(Func<ValueTask> run, double seconds, int concurrency)
    {
        await LoopAsync(run, TimeSpan.FromSeconds(2), concurrency, null);
        var latencies = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var count = await LoopAsync(run, TimeSpan.FromSeconds(seconds), concurrency, latencies);
        var elapsed = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        latencies.Sort();
        return (count / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu / count);
    }

    private static async Task<int> LoopAsync(Func<ValueTask> run, TimeSpan duration, int concurrency, List<double>? latencies)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var total = 0;
        var gate = new Lock();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await run();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            lock (gate)
            {
                total += mine.Count;
                latencies?.AddRange(mine);
            }
        })));
        return total;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
