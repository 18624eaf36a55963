using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>
/// Runs a peer's Node script with one JSON job on stdin and reads its JSON result from stdout. A machine without
/// Node.js or without the installed peers fails the tests with a message saying what to install; it never skips them.
/// </summary>
internal static class NodeScripts
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<(string Node, string Folder)> Setup = new(Locate);

    public static async Task<JsonObject> RunAsync(MdocPeer peer, JsonObject job)
    {
        var (node, folder) = Setup.Value;
        var script = peer switch
        {
            MdocPeer.Auth0 => "auth0.mjs",
            MdocPeer.Owf => "owf.mjs",
            _ => throw new ArgumentOutOfRangeException(nameof(peer)),
        };
        var start = new ProcessStartInfo(node, script)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {node}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(job.ToJsonString());
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish within {RunTimeout.TotalSeconds} s (op '{job["op"]}'). stderr: {await error}");
        }

        var stdout = await output;
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{script} failed (op '{job["op"]}', exit code {process.ExitCode}): {await error}");
        }

        return JsonNode.Parse(stdout) as JsonObject ?? throw new InvalidOperationException($"{script} wrote no JSON object: {stdout}");
    }

    private static (string Node, string Folder) Locate()
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "node"), Path.Combine(dir, "node.exe") })
            .FirstOrDefault(File.Exists);
        if (node is null)
        {
            Assert.Fail("The mdoc interop tests need Node.js 20 or later on PATH ('node' was not found). Install it; building the test project then installs the npm peers.");
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Credentials.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            Assert.Fail($"No folder above {AppContext.BaseDirectory} holds Credentials.sln, so tests/interop-mdoc cannot be found.");
        }

        var folder = Path.Combine(root.FullName, "tests", "interop-mdoc");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@auth0", "mdl")) || !Directory.Exists(Path.Combine(folder, "node_modules", "@owf", "mdoc")))
        {
            Assert.Fail($"The npm peers are not installed in {folder}: building the test project runs `npm ci` there (see tests/NpmPeers.targets); was it built with HonninSkipNpm=true, or did npm fail?");
        }

        return (node!, folder);
    }
}
