using System.Diagnostics;
using System.Reflection;

namespace Honnin.Architecture.Tests;

/// <summary>
/// The benchmark harness stays runnable: one short round of every case (without the npm peers) builds its fixtures —
/// which issue, present and verify with the public API and refuse to start when a verification fails — and times them.
/// The numbers mean nothing here; a harness that no longer starts does.
/// </summary>
public sealed class BenchmarkHarnessTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("honnin-bench-").FullName;

    [Fact]
    public async Task One_short_round_of_every_case_runs_to_the_end()
    {
        var configuration = typeof(BenchmarkHarnessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BenchmarksConfiguration").Value!;
        var harness = Repository.PathOf("benchmarks", "Honnin.Benchmarks", "bin", configuration, "net10.0", "Honnin.Benchmarks.dll");
        Assert.True(File.Exists(harness), $"The benchmark harness was not built at {harness}.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[harness, "compare", "--skip-peers", "--rounds", "1", "--batches", "1", "--batch-ms", "10", "--warmup-ms", "0", "--out", _out])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"The harness exited with {process.ExitCode}:\n{await error}\n{await output}");
        var results = await File.ReadAllTextAsync(Path.Combine(_out, "results.md"));
        foreach (var operation in (string[])["mdoc issue", "mdoc present 5 of 20, device signature", "mdoc verify, device MAC", "SD-JWT VC issue", "SD-JWT VC present 5 of 20 + KB-JWT", "SD-JWT VC verify, x5c trust"])
        {
            Assert.Contains("| " + operation, results, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
