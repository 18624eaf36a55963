using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.DependencyInjection;
using Honnin.Issuer;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Sqlite;
using Honnin.X509;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin issuer serve</c>: runs the OpenID4VCI issuer service over a Document Signer folder.</summary>
internal static class IssuerCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5071";
    public const string StoreFile = "issuer.db";
    public const string SecretFile = "issuer-secret.key";
    public const string AdminTokenFile = "admin-token";
    public const string StatusListPath = "/status-lists/1";

    private const int SecretLength = 32;

    public static Command Create()
    {
        var command = new Command("issuer", "Run the OpenID4VCI issuer service.");
        command.Subcommands.Add(Serve());
        return command;
    }

    private static Command Serve()
    {
        var issuer = new Option<string>("--issuer") { Description = "Folder with ds.pem and ds.key.pem (from 'honnin ca issue-ds'); the service keeps its secret, admin token and database there.", Required = true };
        var url = new Option<string>("--url") { Description = "The Credential Issuer Identifier wallets see: http on 127.0.0.1/::1/localhost, or https behind a TLS-terminating reverse proxy (with --listen). Port 0 picks a free port.", DefaultValueFactory = _ => DefaultUrl };
        var listen = new Option<string>("--listen") { Description = "With an https --url: the plain http address to listen on, where the reverse proxy forwards to (e.g. http://127.0.0.1:5071)." };
        var store = new Option<string>("--store") { Description = "SQLite database file (default: issuer.db in the --issuer folder)." };
        var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string, instead of SQLite." };
        var adminTokenFile = new Option<string>("--admin-token-file") { Description = "File with the admin API's bearer token; created with a new random token (mode 0600) when missing (default: admin-token in the --issuer folder)." };
        var nameJa = new Option<string>("--name-ja") { Description = "The issuer's name in Japanese, shown by wallets (default: the Document Signer's organisation or common name)." };
        var nameEn = new Option<string>("--name-en") { Description = "The issuer's name in English (default: the Document Signer's organisation or common name)." };
        var command = new Command("serve", "Run the issuer service until SIGINT or SIGTERM; print {\"url\", \"admin_token_file\"} on one line when ready. Logs go to standard error.")
        {
            issuer, url, listen, store, postgres, adminTokenFile, nameJa, nameEn,
        };
        command.SetAction(async (parseResult, cancellationToken) => await ServeAsync(
            new ServeSettings(
                parseResult.GetValue(issuer)!, parseResult.GetValue(url)!, parseResult.GetValue(listen), parseResult.GetValue(store), parseResult.GetValue(postgres),
                parseResult.GetValue(adminTokenFile), parseResult.GetValue(nameJa), parseResult.GetValue(nameEn)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken).ConfigureAwait(false));
        return command;
    }

    private sealed record ServeSettings(string Issuer, string Url, string? Listen, string? Store, string? Postgres, string? AdminTokenFile, string? NameJa, string? NameEn);

    private static async Task<int> ServeAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (publicUrl, listenUrl) = ServiceHosting.Addresses(settings.Url, settings.Listen, error, "issuer", DefaultUrl);
        if (settings.Store is not null && settings.Postgres is not null)
        {
            throw new UsageException("--store and --postgres exclude each other: give one database.");
        }

        if (settings.NameJa is { } ja && string.IsNullOrWhiteSpace(ja) || settings.NameEn is { } en && string.IsNullOrWhiteSpace(en))
        {
            throw new UsageException("--name-ja and --name-en must not be empty.");
        }

        var directory = settings.Issuer;
        if (!File.Exists(Path.Combine(directory, CaCommand.DsCertificateFile)) && File.Exists(Path.Combine(directory, CaCommand.IacaCertificateFile)))
        {
            throw new UsageException($"--issuer '{directory}' holds an IACA, which does not sign credentials; issue a Document Signer under it with 'honnin ca issue-ds --ca {directory} --out DIR --issuer-uri URL' and give that folder.");
        }

        using var certificate = CaCommand.ReadCertificate(Path.Combine(directory, CaCommand.DsCertificateFile), "Document Signer certificate");
        using var signer = KeyFiles.ReadPemSigner(Path.Combine(directory, CaCommand.DsKeyFile), "Document Signer key");
        var secret = ReadOrCreateSecret(Path.Combine(directory, SecretFile));
        var tokenPath = Path.GetFullPath(settings.AdminTokenFile ?? Path.Combine(directory, AdminTokenFile));
        var adminToken = ServiceHosting.ReadOrCreateAdminToken(tokenPath);

        var issuerId = ServiceUrls.Text(publicUrl);
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var offersSdJwt = SdJwtVcIssuerNames.TryRead(certificate) is { } names && names.Names(issuerId);
        if (!offersSdJwt)
        {
            error.WriteLine(ValueText.Clean(
                $"warning: offering mdoc only: the Document Signer certificate does not name {issuerId} (as a SubjectAltName URI, or the dNSName of an https host), " +
                "so SD-JWT VCs with that iss would not verify. Issue one that does with 'honnin ca issue-ds --ca CA --out DIR --issuer-uri " + issuerId + "'."));
        }

        var chain = new ReadOnlyMemory<byte>[] { certificate.RawData };
        var options = new OpenId4VciIssuerOptions
        {
            CredentialIssuer = issuerId,
            NameJa = settings.NameJa ?? name,
            NameEn = settings.NameEn ?? name,
            Secret = secret,
            StatusListUri = issuerId + StatusListPath,
        };

        IDisposable database;
        IssuerStores stores;
        try
        {
            if (settings.Postgres is { } connectionString)
            {
                var postgreSql = await PostgreSqlIssuerStore.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
                (database, stores) = (postgreSql, IssuerStores.From(postgreSql));
            }
            else
            {
                var path = settings.Store ?? Path.Combine(directory, StoreFile);
                ServiceHosting.CreateOwnerOnly(path, "issuer database");
                var sqlite = await SqliteIssuerStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
                (database, stores) = (sqlite, IssuerStores.From(sqlite));
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ArgumentException)
        {
            throw new InputException("store_unusable", "The issuer database cannot be opened: " + ErrorText.Plain(e));
        }

        using (database)
        {
            WebApplication app;
            try
            {
                var builder = ServiceHosting.CreateBuilder(directory, listenUrl);
                builder.Services.AddSingleton(stores);
                builder.Services.AddSingleton(new StatusListPublisher(stores.StatusLists, new StatusListPublisherOptions { Signer = signer, CertificateChain = chain, Size = options.StatusListSize }));
                var honnin = builder.Services.AddHonnin().AddMdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = chain });
                if (offersSdJwt)
                {
                    honnin.AddSdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = signer, CertificateChain = chain, Issuer = issuerId });
                }

                honnin.AddIssuer(new IssuerServiceOptions { Issuer = options, AdminToken = adminToken });
                app = builder.Build();
                app.MapHonninIssuer();
                app.MapHonninIssuerAdmin();
            }
            catch (SignerCertificateException e)
            {
                throw new RefusedException(e.Code, e.Message);
            }
            catch (ArgumentException e)
            {
                throw new RefusedException("serve_refused", "The issuer service cannot be configured: " + ErrorText.Plain(e));
            }

            await ServiceHosting.RunAsync(
                app,
                listenUrl,
                new JsonObject { ["url"] = issuerId, ["admin_token_file"] = tokenPath },
                $"Serving {issuerId} (listening on {listenUrl}; formats: {(offersSdJwt ? "mdoc, sd-jwt" : "mdoc")}; status list {options.StatusListUri}). Stop with Ctrl+C.",
                output,
                error,
                cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>The service's secret: created on first run (32 random bytes, mode 0600), so that codes and tokens survive restarts.</summary>
    private static byte[] ReadOrCreateSecret(string path)
    {
        if (File.Exists(path))
        {
            var bytes = InputFiles.ReadBounded(path, "issuer secret", 1024);
            return bytes.Length >= SecretLength
                ? bytes
                : throw new InputException(InputException.Malformed, $"The issuer secret file '{path}' holds {bytes.Length} bytes, fewer than {SecretLength}; remove it to create a new one (open offers and tokens then stop working).");
        }

        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        OutputFiles.WriteSecret(path, secret, "issuer secret");
        return secret;
    }

}
