using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Honnin.Interop.Tests;

/// <summary>
/// Runs a script of tests/interop — peer.mjs (@sd-jwt/sd-jwt-vc, @sd-jwt/crypto-nodejs and @sd-jwt/jwt-status-list
/// 0.19.0) by default, vci-wallet.mjs (@openid4vc/openid4vci and @openid4vc/oauth2 0.4.6), jwe-peer.mjs (jose 6.2.17) or dcql-peer.mjs (dcql 3.0.0) — with one JSON request on
/// stdin and one JSON response on stdout. A missing Node.js or missing node_modules is a test failure
/// with instructions, never a silent skip.
/// </summary>
internal static class NodePeer
{
    private static readonly Lazy<string> Directory = new(FindInteropDirectory);

    public static async Task<JsonObject> RunAsync(JsonObject request, string script = "peer.mjs")
    {
        var directory = InteropDirectory;
        if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", "@sd-jwt", "sd-jwt-vc")))
        {
            throw new InvalidOperationException(
                $"The interop peers are not installed: {Path.Combine(directory, "node_modules")} is missing. Building the test project runs `npm ci` there (see tests/NpmPeers.targets); was it built with HonninSkipNpm=true, or did npm fail?");
        }

        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Node.js did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js (`node`, version 20 or later) is required on PATH for the interop tests.", e);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.StandardInput.WriteAsync(request.ToJsonString());
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} {request["command"]} exited with {process.ExitCode}: {await stderr}{output}");
            }

            return JsonNode.Parse(output)!.AsObject();
        }
    }

    /// <summary>tests/interop, where the scripts and their node_modules are.</summary>
    public static string InteropDirectory => Directory.Value;

    private static string FindInteropDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "peer.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/interop/peer.mjs was not found above " + AppContext.BaseDirectory + ".");
    }
}
