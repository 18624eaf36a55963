using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Honnin.Storage.Tests.Support;

/// <summary>The storage worker as a separate process: started, fed, read line by line, and killed with SIGKILL.</summary>
public sealed class Worker : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly List<string> _all = [];
    private readonly Lock _lock = new();

    private Worker(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
                return;
            }

            lock (_lock)
            {
                _all.Add(e.Data);
            }

            _lines.Add(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The lines printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    public static Worker Start(params string[] arguments)
    {
        var configuration = typeof(Worker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WorkerConfiguration").Value!;
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Credentials.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Credentials.sln was not found above the test's folder.");
        }

        var dll = Path.Combine(root, "tests", "Honnin.Storage.Worker", "bin", configuration, "net10.0", "Honnin.Storage.Worker.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HONNIN_WALLET_PASSPHRASE"] = TestKeys.Passphrase;
        start.Environment["DOTNET_TieredPGO"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("worker: " + e.Data);
            }
        };
        return new Worker(process);
    }

    /// <summary>Waits for a line (the worker says "ready" when its store is open).</summary>
    public void WaitFor(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var next, TimeSpan.FromMilliseconds(100)))
            {
                if (next == line)
                {
                    return;
                }
            }
            else if (_lines.IsCompleted)
            {
                break;
            }
        }

        throw new TimeoutException($"The worker did not print '{line}' (exit: {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "running")}).");
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>SIGKILL: no finally block, no dispose, no flush runs in the worker.</summary>
    /// <exception cref="InvalidOperationException">The worker had already stopped on its own: a failure, not a crash test.</exception>
    public void Kill()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The worker stopped on its own with exit code {_process.ExitCode} before it was killed.");
        }

        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _lines.Dispose();
    }
}
