using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Honnin.Cli.Tests;

/// <summary>
/// <c>honnin issuer serve</c> or <c>honnin verifier serve</c> as a real child process (the built CLI, run with <c>dotnet honnin.dll</c>): started, its
/// ready line read, stopped with SIGTERM as a service manager stops it.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _output = [];
    private readonly ConcurrentQueue<string> _error = new();

    private ServeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _output.CompleteAdding();
            }
            else
            {
                _output.Add(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _error.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The ready line's <c>url</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The ready line's <c>admin_token_file</c>.</summary>
    public string AdminTokenFile { get; private set; } = string.Empty;

    /// <summary>What the service printed on standard error so far.</summary>
    public string Error => string.Join("\n", _error);

    /// <summary>The verifier's ready line's <c>client_id</c>.</summary>
    public string ClientId { get; private set; } = string.Empty;

    /// <summary>Starts the issuer service and waits for its ready line.</summary>
    public static ServeProcess Start(params string[] arguments) => StartService("issuer", arguments);

    /// <summary>Starts the verifier service and waits for its ready line.</summary>
    public static ServeProcess StartVerifier(params string[] arguments) => StartService("verifier", arguments);

    private static ServeProcess StartService(string service, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll());
        start.ArgumentList.Add(service);
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var serve = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException($"honnin {service} serve did not start."));
        try
        {
            var ready = serve.ReadLine(TimeSpan.FromSeconds(60));
            var json = (JsonObject)JsonNode.Parse(ready)!;
            Assert.Equal(service == "issuer" ? ["admin_token_file", "url"] : ["admin_token_file", "client_id", "url"], json.Select(p => p.Key).Order(StringComparer.Ordinal));
            serve.ClientId = json["client_id"]?.GetValue<string>() ?? string.Empty;
            serve.Url = json["url"]!.GetValue<string>();
            serve.AdminTokenFile = json["admin_token_file"]!.GetValue<string>();
            return serve;
        }
        catch
        {
            serve.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Lines on standard output after the ready line (there should be none).</summary>
    public IReadOnlyList<string> MoreOutput() => [.. _output];

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _output.Dispose();
    }

    private string ReadLine(TimeSpan timeout)
    {
        if (_output.TryTake(out var line, timeout))
        {
            return line;
        }

        _process.WaitForExit(TimeSpan.FromSeconds(5));
        throw new TimeoutException($"honnin issuer serve printed no ready line (exit: {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running")}); stderr:\n{Error}");
    }

    /// <summary>The CLI built beside this test (same configuration), found from the solution folder.</summary>
    private static string CliDll()
    {
        var configuration = typeof(ServeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliConfiguration").Value!;
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Credentials.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Credentials.sln was not found above the test's folder.");
        }

        return Path.Combine(root, "src", "Cli", "bin", configuration, "net10.0", "honnin.dll");
    }
}
