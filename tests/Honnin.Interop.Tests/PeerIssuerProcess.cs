using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Honnin.Interop.Tests;

/// <summary>
/// tests/interop/vci-issuer.mjs running on a free loopback port: started, read until it prints its offer, and stopped
/// by closing its stdin (killed only if it does not stop by itself).
/// </summary>
internal sealed class PeerIssuerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private PeerIssuerProcess(Process process, JsonObject ready, StringBuilder stderr)
    {
        _process = process;
        Ready = ready;
        _stderr = stderr;
    }

    /// <summary>What the peer printed when ready: issuer, offer, offer_by_reference, tx_code, configuration_id, vct, issuer_jwk.</summary>
    public JsonObject Ready { get; }

    public string Issuer => Ready["issuer"]!.GetValue<string>();

    public static async Task<PeerIssuerProcess> StartAsync()
    {
        var directory = NodePeer.InteropDirectory;
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@openid4vc", "oauth2")))
        {
            throw new InvalidOperationException($"The interop peers are not installed in {directory}: building the test project runs `npm ci` there (see tests/NpmPeers.targets).");
        }

        var start = new ProcessStartInfo("node", "vci-issuer.mjs")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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
                throw new InvalidOperationException("vci-issuer.mjs did not become ready: " + stderr);
            }
        }

        return new PeerIssuerProcess(process, JsonNode.Parse(line)!.AsObject(), stderr);
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
    }
}
