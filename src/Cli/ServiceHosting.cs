using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Honnin.Cli;

/// <summary>
/// What <c>honnin issuer serve</c> and <c>honnin verifier serve</c> share: the public URL and the listening address, the
/// owner-only database file, the admin token file, the host with its one-line logs on standard error, and the run until
/// SIGINT or SIGTERM with the ready line on standard output.
/// </summary>
internal static class ServiceHosting
{
    /// <summary>The identifier wallets see, and the address Kestrel listens on.</summary>
    public static (Uri Public, string Listen) Addresses(string urlText, string? listenText, TextWriter error, string service, string defaultUrl)
    {
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var given) || (given.Scheme != Uri.UriSchemeHttp && given.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url '{urlText}' is not an http or https URL.");
        }

        if (given.Scheme == Uri.UriSchemeHttps && listenText is null)
        {
            throw new UsageException(
                $"--url '{urlText}' is https, and 'honnin {service} serve' does not terminate TLS itself. Put a reverse proxy that terminates TLS in front of it, " +
                $"and give the public URL with the address the proxy forwards to: --url https://{service}.example.jp --listen {defaultUrl}.");
        }

        var url = ServiceUrls.Parse(urlText, "--url");
        if (listenText is null)
        {
            if (url.Port == 0)
            {
                url = ServiceUrls.WithPort(url, ServiceUrls.FreePort());
            }

            return (url, url.GetLeftPart(UriPartial.Authority));
        }

        if (url.Scheme == Uri.UriSchemeHttp)
        {
            throw new UsageException("--listen goes with an https --url (behind a reverse proxy); with an http --url the service listens at that URL.");
        }

        if (!Uri.TryCreate(listenText, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttp || listen.AbsolutePath != "/" || listen.Query.Length > 0)
        {
            throw new UsageException($"--listen '{listenText}' is not a plain http address such as {defaultUrl}.");
        }

        if (url.Port == 0)
        {
            throw new UsageException("--url must name the public port (or none, for 443); port 0 belongs in --listen.");
        }

        if (listen.Port == 0)
        {
            listen = ServiceUrls.WithPort(listen, ServiceUrls.FreePort());
        }

        if (!listen.IsLoopback)
        {
            error.WriteLine(ValueText.Clean($"warning: listening on {listen.Host}, not a loopback address: the traffic between the reverse proxy and this service is not encrypted."));
        }

        return (url, listen.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>
    /// Creates a new database file empty and readable by the owner only: it holds claim values (an issuer's open offers,
    /// a verifier's results) and keys, and SQLite gives its journal files the same mode.
    /// </summary>
    public static void CreateOwnerOnly(string path, string what)
    {
        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("output_unwritable", $"The {what} '{path}' cannot be created: {ErrorText.Plain(e)}");
        }
    }

    /// <summary>The admin token: read from its file, or a new random one written there (mode 0600).</summary>
    public static string ReadOrCreateAdminToken(string path)
    {
        if (File.Exists(path))
        {
            return AdminTokens.Read(path);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        OutputFiles.WriteSecretText(path, token + "\n", "--admin-token-file");
        return token;
    }

    /// <summary>A web host listening on <paramref name="listenUrl"/>, logging single lines to standard error.</summary>
    public static WebApplicationBuilder CreateBuilder(string contentRoot, string listenUrl)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Path.GetFullPath(contentRoot) });
        builder.WebHost.UseUrls(listenUrl);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None); // a failed start is reported by RunAsync, without its stack trace
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        return builder;
    }

    /// <summary>Starts the app, prints the ready line and the banner, and runs until SIGINT or SIGTERM.</summary>
    public static async Task RunAsync(WebApplication app, string listenUrl, JsonObject ready, string banner, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new InputException("listen_failed", $"Cannot listen on {listenUrl}: {ErrorText.Plain(e)}");
            }

            output.WriteLine(ready.ToJsonString(ValueText.JsonOptions));
            output.Flush();
            error.WriteLine(ValueText.Clean(banner));

            // Until SIGINT or SIGTERM: the command line's token or the host's own lifetime, whichever hears it first.
            var stopping = app.Lifetime.ApplicationStopping;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutting down.
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token).ConfigureAwait(false);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
