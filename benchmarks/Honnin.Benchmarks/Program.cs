using System.Diagnostics;
using BenchmarkDotNet.Running;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Issuance;
using Honnin.Benchmarks.Mdoc;
using Honnin.Benchmarks.Presentation;
using Honnin.Benchmarks.SdJwt;
using Honnin.Benchmarks.Status;
using Honnin.Benchmarks.Storage;

// `compare …` runs the side-by-side Stopwatch harness (see compare.sh); `load [--seconds N] [--concurrency C]` runs the
// service round trips under concurrent clients (throughput, p50/p99 latency, CPU per round trip); `loop CASE SECONDS` runs one Honnin case in a
// loop for a profiler to attach to (`dotnet-trace collect -- dotnet Honnin.Benchmarks.dll loop verify-signature 20`, or
// `loop sd-jwt:verify 20` for an SD-JWT VC case);
// anything else goes to BenchmarkDotNet, e.g. `--filter *Verify*` or `--list flat`.
if (args.Length > 0 && args[0] == "compare")
{
    var options = CompareOptions.Parse(args[1..]);
    using var mdoc = options.Only is null or "mdoc" ? await MdocComparison.CreateAsync() : null;
    using var sdJwt = options.Only is null or "sd-jwt" ? await SdJwtComparison.CreateAsync() : null;
    using var storage = options.Only is null or "storage" ? await StorageComparison.CreateAsync() : null;
    using var status = options.Only is null or "status" ? await StatusComparison.CreateAsync() : null;
    using var issuance = options.Only is null or "issuance" ? await IssuanceServiceComparison.CreateAsync() : null;
    using var presentation = options.Only is null or "presentation" ? await PresentationServiceComparison.CreateAsync() : null;
    IComparisonSuite?[] suites = [mdoc, sdJwt, storage, status, issuance, presentation];
    return await new CompareRunner(options).RunAsync([.. suites.OfType<IComparisonSuite>()]);
}
if (args.Length > 0 && args[0] == "load")
{
    using var issuanceLoad = await IssuanceServiceComparison.CreateAsync();
    using var presentationLoad = await PresentationServiceComparison.CreateAsync();
    return await LoadRunner.RunAsync(args[1..], [issuanceLoad, presentationLoad]);
}
if (args.Length == 3 && args[0] == "loop")
{
    // Case ids of the suites; an SD-JWT case is prefixed `sd-jwt:`, a storage case `storage:`, a status case `status:`, an issuance service case `issuance:`, a verifier service case `presentation:`, e.g. `loop sd-jwt:verify 20`.
    var (prefix, id) = args[1].IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (args[1][..colon], args[1][(colon + 1)..]) : ("mdoc", args[1]);
    using IComparisonSuite suite = prefix switch
    {
        "sd-jwt" => await SdJwtComparison.CreateAsync(),
        "storage" => await StorageComparison.CreateAsync(),
        "status" => await StatusComparison.CreateAsync(),
        "issuance" => await IssuanceServiceComparison.CreateAsync(),
        "presentation" => await PresentationServiceComparison.CreateAsync(),
        _ => await MdocComparison.CreateAsync(),
    };
    var operation = suite.Cases.Single(c => c.Id == id).Honnin;
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
