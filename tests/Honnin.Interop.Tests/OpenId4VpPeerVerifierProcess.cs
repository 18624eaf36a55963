using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Honnin.Interop.Tests;

/// <summary>
/// tests/interop/vp-verifier.mjs running on a free loopback port: started, read until it prints its port, then driven
/// one JSON line at a time (create a request, read a transaction's result); stopped by closing its stdin.
/// </summary>
internal sealed class OpenId4VpPeerVerifierProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private OpenId4VpPeerVerifierProcess(Process process, int port, StringBuilder stderr)
    {
        _process = process;
        Port = port;
        _stderr = stderr;
    }

    public int Port { get; }

    public static async Task<OpenId4VpPeerVerifierProcess> StartAsync()
    {
        OpenId4VpPeers.RequireMdocPeer();
        var start = new ProcessStartInfo("node", "vp-verifier.mjs")
        {
            WorkingDirectory = NodePeer.InteropDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Node.js did not start.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null)
        {
            process.Kill();
            process.Dispose();
            lock (stderr)
            {
                throw new InvalidOperationException("vp-verifier.mjs did not become ready: " + stderr);
            }
        }

        return new OpenId4VpPeerVerifierProcess(process, JsonNode.Parse(line)!["port"]!.GetValue<int>(), stderr);
    }

    /// <summary>Sends one command and reads its answer.</summary>
    public async Task<JsonObject> SendAsync(JsonObject command)
    {
        await _gate.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command.ToJsonString());
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("vp-verifier.mjs stopped: " + Errors);
            var answer = JsonNode.Parse(line)!.AsObject();
            if (answer["error"] is not null)
            {
                throw new InvalidOperationException($"vp-verifier.mjs {command["command"]}: {answer["error"]} {Errors}");
            }

            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What the peer wrote to stderr (its unexpected errors), for assertion messages.</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
        _gate.Dispose();
    }
}
