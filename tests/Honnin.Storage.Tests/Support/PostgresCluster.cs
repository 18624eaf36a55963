using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Honnin.Storage.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: <c>initdb</c> into a temporary folder, <c>pg_ctl start</c> on a free
/// loopback port, stopped and removed at the end. PostgreSQL refuses to run as root, so as root the binaries run as the
/// <c>postgres</c> user. Where the binaries are missing, every test that needs the cluster fails and says how to
/// install them — it never passes without a database.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string User = "honnin";
    private string? _folder;
    private string? _bin;
    private string? _failure;

    /// <summary>The connection string to the cluster's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        try
        {
            _bin = FindBinaries() ?? throw new InvalidOperationException(
                "PostgreSQL's initdb and pg_ctl were not found on PATH or in /usr/lib/postgresql/*/bin. Install PostgreSQL 15 " +
                "(Debian: apt-get install postgresql-15) and run the tests again.");
            _folder = Path.Combine(Path.GetTempPath(), "honnin-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(_folder);
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunAsync("chown", ["postgres:postgres", _folder], asPostgres: false);
            }

            var data = Path.Combine(_folder, "data");
            await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-sync"], asRoot);
            var port = FreePort();
            await RunAsync(Path.Combine(_bin, "pg_ctl"),
                ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o", $"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"], asRoot);
            AdminConnectionString = $"Host=127.0.0.1;Port={port};Username={User};Database=postgres;Pooling=true;Timeout=30;Command Timeout=60";
        }
        catch (Exception e)
        {
            _failure = e.Message;
        }
    }

    /// <summary>A connection string to a new, empty schema of its own.</summary>
    public async Task<string> NewSchemaAsync()
    {
        EnsureRunning();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE SCHEMA {schema}";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { SearchPath = schema }.ToString();
    }

    /// <summary>Fails the calling test with the reason the cluster is not there.</summary>
    public void EnsureRunning()
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException("The throwaway PostgreSQL cluster did not start: " + _failure);
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_bin is not null && _folder is not null && Directory.Exists(Path.Combine(_folder, "data")))
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
            }
            catch (InvalidOperationException)
            {
            }
        }

        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")) : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterFixture : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
