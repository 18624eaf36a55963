using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.DependencyInjection;
using Honnin.Storage.PostgreSql;
using Honnin.Storage.Sqlite;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin verifier</c>: the agency's OpenID4VP verifier service (<c>serve</c>), and its requesting system's side:
/// create a request from a DCQL query (<c>request</c>) and read the verified result (<c>result</c>).
/// </summary>
internal static class VerifierCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5081";
    public const string StoreFile = "verifier.db";
    public const string AdminTokenFile = "verifier-admin-token";

    public static Command Create()
    {
        var command = new Command("verifier", "Run the OpenID4VP verifier service, create requests on it and read their results.");
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Request());
        command.Subcommands.Add(Result());
        return command;
    }

    private static Command Serve()
    {
        var reader = new Option<string>("--reader") { Description = "Folder with reader.pem and reader.key.pem (from 'honnin registrar register'): the certificate that signs requests and carries the registration; the service keeps its admin token and database there." };
        var trust = new Option<string[]>("--trust") { Description = "Issuer trust: an IACA or Document Signer certificate (PEM/DER), an issuer JWK or JWK set. Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var config = new Option<string>("--config") { Description = "A verifier for one procedure from one JSON file: reader folder, trust, and the procedure (purpose, and a DCQL query or type + format + elements) that 'verifier request' asks for when it names no --dcql. Instead of --reader and --trust." };
        var url = new Option<string>("--url") { Description = "The service's URL wallets see: http on 127.0.0.1/::1/localhost, or https behind a TLS-terminating reverse proxy (with --listen). Port 0 picks a free port.", DefaultValueFactory = _ => DefaultUrl };
        var listen = new Option<string>("--listen") { Description = "With an https --url: the plain http address to listen on, where the reverse proxy forwards to." };
        var store = new Option<string>("--store") { Description = "SQLite database file (default: verifier.db in the --reader folder)." };
        var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string, instead of SQLite." };
        var adminTokenFile = new Option<string>("--admin-token-file") { Description = "File with the admin API's bearer token; created with a new random token (mode 0600) when missing (default: verifier-admin-token in the --reader folder)." };
        var dnsName = new Option<string>("--dns-name") { Description = "Use the x509_san_dns client id with this DNS name of the reader certificate, instead of x509_hash." };
        var responseMode = new Option<string>("--response-mode") { Description = "The response mode of requests that name none: direct_post.jwt (encrypted, the default) or direct_post.", DefaultValueFactory = _ => "direct_post.jwt" };
        responseMode.AcceptOnlyFromAmong("direct_post", "direct_post.jwt");
        var command = new Command("serve", "Run the verifier service until SIGINT or SIGTERM; print {\"url\", \"admin_token_file\", \"client_id\"} on one line when ready. Logs go to standard error.")
        {
            reader, trust, config, url, listen, store, postgres, adminTokenFile, dnsName, responseMode,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var procedure = parseResult.GetValue(config) is { } path ? ProcedureConfig.Read(path) : null;
            var given = parseResult.GetValue(trust) ?? [];
            if (procedure is not null && (parseResult.GetValue(reader) is not null || given.Length > 0))
            {
                throw new UsageException("--config names the reader and the trust; give them there, not also as --reader or --trust.");
            }

            if (procedure is null && (parseResult.GetValue(reader) is null || given.Length == 0))
            {
                throw new UsageException("Give --reader DIR and at least one --trust FILE, or a --config FILE that names them.");
            }

            // An option given on the command line wins over the configuration's.
            var urlText = parseResult.GetResult(url) is { Implicit: false } ? parseResult.GetValue(url)! : procedure?.Url ?? parseResult.GetValue(url)!;
            return await ServeAsync(
                new ServeSettings(
                    procedure?.Reader ?? parseResult.GetValue(reader)!, procedure?.Trust ?? given, urlText, parseResult.GetValue(listen), parseResult.GetValue(store) ?? procedure?.Store,
                    parseResult.GetValue(postgres), parseResult.GetValue(adminTokenFile), parseResult.GetValue(dnsName) ?? procedure?.DnsName, parseResult.GetValue(responseMode)!, procedure),
                parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error,
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private sealed record ServeSettings(string Reader, string[] Trust, string Url, string? Listen, string? Store, string? Postgres, string? AdminTokenFile, string? DnsName, string ResponseMode, ProcedureConfig? Procedure);

    private static async Task<int> ServeAsync(ServeSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var (publicUrl, listenUrl) = ServiceHosting.Addresses(settings.Url, settings.Listen, error, "verifier", DefaultUrl);
        if (settings.Store is not null && settings.Postgres is not null)
        {
            throw new UsageException("--store and --postgres exclude each other: give one database.");
        }

        var directory = settings.Reader;
        using var certificate = CaCommand.ReadCertificate(Path.Combine(directory, RegistrarCommand.ReaderCertificateFile), "reader certificate");
        using var signer = KeyFiles.ReadPemSigner(Path.Combine(directory, RegistrarCommand.ReaderKeyFile), "reader key");
        var tokenPath = Path.GetFullPath(settings.AdminTokenFile ?? Path.Combine(directory, AdminTokenFile));
        var adminToken = ServiceHosting.ReadOrCreateAdminToken(tokenPath);
        using var trust = TrustFiles.Read(settings.Trust, [], [], false, TimeProvider.System.GetUtcNow());
        var serviceUrl = ServiceUrls.Text(publicUrl);

        IDisposable database;
        object stores;
        try
        {
            if (settings.Postgres is { } connectionString)
            {
                var postgreSql = await PostgreSqlVerifierStore.OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
                (database, stores) = (postgreSql, postgreSql);
            }
            else
            {
                var path = settings.Store ?? Path.Combine(directory, StoreFile);
                ServiceHosting.CreateOwnerOnly(path, "verifier database");
                var sqlite = await SqliteVerifierStore.OpenAsync(path, cancellationToken).ConfigureAwait(false);
                (database, stores) = (sqlite, sqlite);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or ArgumentException)
        {
            throw new InputException("store_unusable", "The verifier database cannot be opened: " + ErrorText.Plain(e));
        }

        using (database)
        {
            WebApplication app;
            OpenId4VpVerifier verifier;
            var formats = new List<string>();
            try
            {
                var builder = ServiceHosting.CreateBuilder(directory, listenUrl);
                builder.Services.AddSingleton((IVerifierTransactionStore)stores);
                builder.Services.AddSingleton((IStatusListCache)stores);
                var honnin = builder.Services.AddHonnin().AddStatusListChecker(trust.Anchors, [.. trust.IssuerKeys.Select(k => k.Key)]);
                if (trust.Anchors is not null || trust.PinnedCertificates.Count > 0)
                {
                    honnin.AddMdocVerifier(trust.ApplyTo(new MdocVerifierOptions()));
                    formats.Add("mdoc");
                }

                honnin.AddSdJwtVcVerifier(trust.ApplyTo(new SdJwtVcVerifierOptions()));
                formats.Add("sd-jwt");
                honnin.AddVerifier(new VerifierServiceOptions
                {
                    Verifier = new OpenId4VpVerifierOptions
                    {
                        BaseUri = new Uri(serviceUrl),
                        Signer = signer,
                        CertificateChain = [certificate.RawData],
                        DnsName = settings.DnsName,
                        DefaultResponseMode = settings.ResponseMode,
                    },
                    AdminToken = adminToken,
                    DefaultQuery = settings.Procedure?.Query,
                    DefaultPurpose = settings.Procedure?.Purpose,
                });
                app = builder.Build();
                app.MapHonninVerifier();
                app.MapHonninVerifierAdmin();
                verifier = app.Services.GetRequiredService<OpenId4VpVerifier>();
            }
            catch (ArgumentException e)
            {
                throw new RefusedException("serve_refused", "The verifier service cannot be configured: " + ErrorText.Plain(e));
            }

            await ServiceHosting.RunAsync(
                app,
                listenUrl,
                new JsonObject { ["url"] = serviceUrl, ["admin_token_file"] = tokenPath, ["client_id"] = verifier.ClientId.Value },
                $"Serving {serviceUrl} as {verifier.ClientId.Value} (listening on {listenUrl}; formats: {string.Join(", ", formats)}). Stop with Ctrl+C.",
                output,
                error,
                cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static Command Request()
    {
        var verifierUrl = VerifierUrlOption();
        var tokenFile = AdminTokenFileOption();
        var dcql = new Option<string>("--dcql") { Description = "The DCQL query (OpenID4VP 1.0 §6), a JSON file: which credentials and which of their claims the procedure needs. Without it, the procedure the service was configured with (serve --config)." };
        var purpose = new Option<string>("--purpose") { Description = "What the elements are for, shown to the person and kept in their log." };
        var responseMode = new Option<string>("--response-mode") { Description = "direct_post.jwt (encrypted) or direct_post; default: the service's." };
        responseMode.AcceptOnlyFromAmong("direct_post", "direct_post.jwt");
        var qr = new Option<string>("--qr") { Description = "Also write the request link as a QR code: FILE.png, FILE.svg, or - for the terminal (on standard error)." };
        var command = new Command("request", "Create a request on the verifier service; print the openid4vp:// link on standard output and the transaction id on standard error.")
        {
            verifierUrl, tokenFile, dcql, purpose, responseMode, qr, CommonOptions.Json(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var qrPath = parseResult.GetValue(qr);
            QrOutput.Check(qrPath);
            var body = new JsonObject
            {
                ["dcql_query"] = parseResult.GetValue(dcql) is { } dcqlPath ? ReadQuery(dcqlPath) : null,
                ["purpose"] = parseResult.GetValue(purpose),
                ["response_mode"] = parseResult.GetValue(responseMode),
            };
            using var client = AdminClient.Create(parseResult.GetValue(verifierUrl)!, parseResult.GetValue(tokenFile)!, "verifier");
            var answer = await client.PostAsync("transactions", body, cancellationToken).ConfigureAwait(false);
            var link = AdminClient.Text(answer, "url") is { } url && url.StartsWith("openid4vp://", StringComparison.Ordinal)
                ? url
                : throw new InputException("bad_answer", "The verifier service's answer holds no openid4vp:// link.");
            var transaction = AdminClient.Text(answer, "transaction")
                ?? throw new InputException("bad_answer", "The verifier service's answer holds no transaction id.");
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            QrOutput.Write(qrPath, link, error);
            if (Reports.WantsJson(parseResult))
            {
                output.WriteLine(new JsonObject { ["url"] = link, ["transaction"] = transaction, ["expires_at"] = AdminClient.Text(answer, "expires_at") }.ToJsonString(ValueText.JsonOptions));
                return ExitCodes.Success;
            }

            output.WriteLine(ValueText.Clean(link));
            error.WriteLine(ValueText.Clean($"transaction: {transaction}" + (QrOutput.IsFile(qrPath) ? $"; QR code in {qrPath}" : string.Empty)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Result()
    {
        var verifierUrl = VerifierUrlOption();
        var tokenFile = AdminTokenFileOption();
        var transaction = new Option<string>("--transaction") { Description = "The transaction id 'honnin verifier request' printed.", Required = true };
        var wait = new Option<int>("--wait") { Description = "Wait up to this many seconds for the wallet's answer.", DefaultValueFactory = _ => 0 };
        var command = new Command("result", "Read a request's result: exit 0 valid (the verified elements are printed), 1 invalid (the failure codes), 3 still pending or expired.")
        {
            verifierUrl, tokenFile, transaction, wait, CommonOptions.Json(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var seconds = parseResult.GetValue(wait);
            if (seconds is < 0 or > 3600)
            {
                throw new UsageException("--wait is between 0 and 3600 seconds.");
            }

            var id = parseResult.GetValue(transaction)!;
            if (id.Length is 0 or > 64 || !Jose.Base64UrlEncoding.IsAlphabet(id))
            {
                throw new UsageException($"--transaction '{id}' is not a transaction id.");
            }

            using var client = AdminClient.Create(parseResult.GetValue(verifierUrl)!, parseResult.GetValue(tokenFile)!, "verifier");
            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
            JsonObject answer;
            while (true)
            {
                answer = await client.GetAsync("transactions/" + id, cancellationToken).ConfigureAwait(false);
                if (AdminClient.Text(answer, "state") != "pending" || TimeProvider.System.GetUtcNow() >= deadline)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }

            var state = AdminClient.Text(answer, "state");
            Reports.Write(parseResult, Describe(answer, state), answer);
            return state switch
            {
                "valid" => ExitCodes.Success,
                "invalid" => ExitCodes.Invalid,
                "pending" or "expired" => ExitCodes.Pending,
                _ => throw new InputException("bad_answer", "The verifier service's answer holds no known state."),
            };
        });
        return command;
    }

    private static string Describe(JsonObject answer, string? state)
    {
        var lines = new List<string>();
        switch (state)
        {
            case "pending":
                lines.Add("pending: no wallet has answered yet.");
                break;
            case "expired":
                lines.Add("expired: no wallet answered in time.");
                break;
            case "valid":
                lines.Add("valid" + (AdminClient.Text(answer, "purpose") is { } purpose ? $" (purpose: {purpose})" : string.Empty));
                foreach (var document in (answer["documents"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    lines.Add($"  {AdminClient.Text(document, "credential_query_id")}: {AdminClient.Text(document, "docType") ?? AdminClient.Text(document, "vct")} from {AdminClient.Text(document, "issuer") ?? "(issuer unnamed)"}");
                    if (document["elements"] is JsonObject elements)
                    {
                        foreach (var (nameSpace, values) in elements)
                        {
                            foreach (var (identifier, value) in (values as JsonObject ?? []))
                            {
                                lines.Add($"    {nameSpace}/{identifier}: {value?.ToJsonString(ValueText.JsonOptions)}");
                            }
                        }
                    }

                    if (document["claims"] is JsonObject claims)
                    {
                        foreach (var (name, value) in claims.Where(c => c.Key is not ("iss" or "iat" or "exp" or "nbf" or "cnf" or "vct" or "status" or "_sd_alg")))
                        {
                            lines.Add($"    {name}: {value?.ToJsonString(ValueText.JsonOptions)}");
                        }
                    }

                    if (document["subjectKeys"] is JsonObject keys)
                    {
                        lines.AddRange(keys.Select(k => $"    pseudonym in {k.Key}: {k.Value}"));
                    }
                }

                break;
            default:
                lines.Add("invalid:");
                lines.AddRange((answer["failures"] as JsonArray ?? []).OfType<JsonObject>().Select(f =>
                    $"  {AdminClient.Text(f, "code")}{(AdminClient.Text(f, "credential_query_id") is { } id ? $" ({id})" : string.Empty)}: {AdminClient.Text(f, "message")}"));
                break;
        }

        return string.Join("\n", lines);
    }

    private static JsonObject ReadQuery(string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(InputFiles.ReadText(path, "--dcql", Dcql.DcqlQuery.MaxLength), documentOptions: new JsonDocumentOptions { MaxDepth = Dcql.DcqlQuery.MaxDepth });
        }
        catch (JsonException)
        {
            throw new InputException(InputException.Malformed, $"The --dcql file '{path}' is not JSON.");
        }

        if (node is not JsonObject query)
        {
            throw new InputException(InputException.Malformed, $"The --dcql file '{path}' is not a JSON object.");
        }

        // Checked here as the service will: a query that does not read is a usage error with its code, before any request.
        if (!Dcql.DcqlQuery.TryFromJson(query, out _, out var error))
        {
            throw new InputException(InputException.Malformed, $"The --dcql file '{path}' is not a DCQL query ({error.Code}): {error.Message}");
        }

        return query;
    }

    private static Option<string> VerifierUrlOption() => new("--verifier-url") { Description = "The verifier service's URL, as 'honnin verifier serve' printed it (https, or http on this machine).", Required = true };

    private static Option<string> AdminTokenFileOption() => new("--admin-token-file") { Description = "The file with the verifier's admin token, as 'honnin verifier serve' printed it.", Required = true };
}
