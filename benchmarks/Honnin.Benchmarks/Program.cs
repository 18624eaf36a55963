using System.Diagnostics;
using BenchmarkDotNet.Running;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Mdoc;

// `compare …` runs the side-by-side Stopwatch harness (see compare.sh); `loop CASE SECONDS` runs one Honnin case in a
// loop for a profiler to attach to (`dotnet-trace collect -- dotnet Honnin.Benchmarks.dll loop verify-signature 20`);
// anything else goes to BenchmarkDotNet, e.g. `--filter *Verify*` or `--list flat`.
if (args.Length > 0 && args[0] == "compare")
{
    var options = CompareOptions.Parse(args[1..]);
    using var mdoc = await MdocComparison.CreateAsync();
    return await new CompareRunner(options).RunAsync([mdoc]);
}
if (args.Length == 3 && args[0] == "loop")
{
    using var mdoc = await MdocComparison.CreateAsync();
    var operation = mdoc.Cases.Single(c => c.Id == args[1]).Honnin;
    var until = TimeSpan.FromSeconds(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    var watch = Stopwatch.StartNew();
    var count = 0;
    while (watch.Elapsed < until)
    {
        await operation();
        count++;
    }
    Console.WriteLine($"{args[1]}: {count / watch.Elapsed.TotalSeconds:0} ops/s");
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(MdocVerifyBenchmarks).Assembly).Run(args);
return 0;
