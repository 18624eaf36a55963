using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin wallet</c>: a wallet that lasts between runs, in one encrypted SQLite file. <c>import</c> adds a credential
/// file with its holder keys, <c>accept</c> receives an issuer's offer over OpenID4VCI, <c>list</c> shows the credentials, <c>log</c> the person's record of what was presented to
/// whom, and <c>stop</c>/<c>resume</c> keep the person's decision to share nothing more with a verifier.
/// <c>present --wallet</c> presents from it.
/// </summary>
internal static class WalletCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("wallet", $"A wallet that lasts: credentials, their holder keys and the person's log in one encrypted file (passphrase: --passphrase-file or {WalletFiles.PassphraseVariable}).");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(WalletAcceptCommand.Create());
        command.Subcommands.Add(WalletAcceptCommand.CreateCollect());
        command.Subcommands.Add(WalletPresentCommand.Create());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Log());
        command.Subcommands.Add(Stop());
        command.Subcommands.Add(Resume());
        return command;
    }

    private static Command Import()
    {
        var wallet = WalletFiles.WalletOption("The wallet file; created (readable by its owner only) when it does not exist.");
        var credential = new Option<string>("--credential") { Description = "A credential file from 'honnin issue' (mdoc or SD-JWT VC; a batch is kept as one batch).", Required = true };
        var holderKey = new Option<string>("--holder-key") { Description = "The holder's private JWK, JWK set or PEM keys: every credential must be bound to one of them.", Required = true };
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("import", "Add a credential file and the holder keys it is bound to to a wallet, creating the wallet if needed.") { wallet, credential, holderKey, passphraseFile, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var walletPath = parseResult.GetValue(wallet)!;
            var credentialPath = parseResult.GetValue(credential)!;
            var holderKeyPath = parseResult.GetValue(holderKey)!;
            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            var file = AnyCredentialFile.Read(credentialPath, null, "--credential");
            var jwks = KeyFiles.ReadPrivateJwkTexts(holderKeyPath, "--holder-key");
            var signers = KeyFiles.Signers(jwks, holderKeyPath, "--holder-key");
            try
            {
                var read = await ReadCredentialsAsync(file, credentialPath, cancellationToken).ConfigureAwait(false);

                // Every credential must be bound to a given key before anything reaches the wallet; only the keys in use are kept.
                var keyByFingerprint = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < signers.Count; i++)
                {
                    keyByFingerprint.TryAdd(InMemoryDeviceKeyResolver.Fingerprint(signers[i].PublicKey), jwks[i]);
                }

                var kept = new List<string>();
                for (var i = 0; i < read.Count; i++)
                {
                    if (!keyByFingerprint.TryGetValue(InMemoryDeviceKeyResolver.Fingerprint(read[i].DeviceKey), out var jwk))
                    {
                        throw new RefusedException("holder_key_mismatch", $"Credential {i + 1} of {read.Count} in '{credentialPath}' is bound to a key the --holder-key file '{holderKeyPath}' does not hold; nothing was imported.");
                    }

                    if (!kept.Contains(jwk, StringComparer.Ordinal))
                    {
                        kept.Add(jwk);
                    }
                }

                var used = file.Used;
                return await WalletFiles.GuardAsync(walletPath, async () =>
                {
                    var (store, created) = await WalletFiles.OpenAsync(walletPath, passphrase, create: true, cancellationToken).ConfigureAwait(false);
                    using (store)
                    {
                        var held = await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                        if (read.FirstOrDefault(r => held.Any(h => h.Format == r.Format && h.Data.Span.SequenceEqual(r.Data.Span))) is { } twice)
                        {
                            throw new RefusedException("already_imported", $"Credential {read.ToList().IndexOf(twice) + 1} of '{credentialPath}' is already in the wallet; nothing was imported (a credential kept twice could be presented twice).");
                        }

                        var newKeys = 0;
                        foreach (var jwk in kept)
                        {
                            newKeys += await store.DeviceKeys.AddAsync(jwk, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                        }

                        // The batch goes in whole, in one transaction, with the uses the file records (a credential already
                        // presented stays spent).
                        await store.AddRangeAsync([.. read.Select((c, i) => c with { UseCount = used[i] })], cancellationToken).ConfigureAwait(false);
                        var keys = await store.DeviceKeys.CountAsync(cancellationToken).ConfigureAwait(false);
                        var batch = read[0].BatchId;
                        var spent = used.Count(u => u > 0);
                        var text = $"{(created ? "Created" : "Added to")} the wallet {walletPath}: {WalletFiles.Count(read.Count, "credential")} of {file.DocType} ({FormatName(read[0].Format)}"
                            + (batch is null ? ")" : $", batch {batch})")
                            + (spent > 0 ? $", {spent} of them already presented as the file records" : string.Empty)
                            + $". The wallet keeps {WalletFiles.Count(keys, "holder key")} ({newKeys} new).";
                        Reports.Write(parseResult, text, new JsonObject
                        {
                            ["wallet"] = walletPath,
                            ["created"] = created,
                            ["format"] = FormatName(read[0].Format),
                            ["docType"] = file.DocType,
                            ["credentials"] = read.Count,
                            ["batch"] = batch,
                            ["ids"] = Reports.Strings(read.Select(c => c.Id)),
                            ["holderKeys"] = keys,
                            ["newHolderKeys"] = newKeys,
                        });
                        return ExitCodes.Success;
                    }
                }).ConfigureAwait(false);
            }
            finally
            {
                signers.ForEach(s => s.Dispose());
            }
        });
        return command;
    }

    // The credentials read as the holder stores them, into memory first: one of a batch file is kept under one batch id.
    private static async Task<IReadOnlyList<StoredCredential>> ReadCredentialsAsync(AnyCredentialFile file, string path, CancellationToken cancellationToken)
    {
        var memory = new InMemoryCredentialStore();
        var noKeys = new InMemoryDeviceKeyResolver();
        try
        {
            if (file.Mdoc is { } mdoc)
            {
                var holder = new MdocHolder(memory, noKeys);
                return mdoc.Credentials.Count == 1
                    ? [await holder.StoreAsync(mdoc.Credentials[0].IssuerSigned.EncodedBytes, cancellationToken: cancellationToken).ConfigureAwait(false)]
                    : await holder.StoreBatchAsync([.. mdoc.Credentials.Select(c => c.IssuerSigned.EncodedBytes)], cancellationToken).ConfigureAwait(false);
            }

            var sdJwt = new SdJwtVcHolder(memory, noKeys);
            var credentials = file.SdJwt!.Credentials;
            return credentials.Count == 1
                ? [await sdJwt.StoreAsync(credentials[0].SdJwt, cancellationToken: cancellationToken).ConfigureAwait(false)]
                : await sdJwt.StoreBatchAsync([.. credentials.Select(c => c.SdJwt)], cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.Malformed, $"The --credential file '{path}' holds a malformed credential ({e.Code}).");
        }
    }

    private static Command List()
    {
        var wallet = WalletFiles.WalletOption("The wallet file.");
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("list", "List the wallet's credentials: id, format, document type, batch, end of validity, how often each was presented, and its status (from the list its issuer publishes, when it names one).") { wallet, passphraseFile, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var walletPath = parseResult.GetValue(wallet)!;
            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            return await WalletFiles.RunAsync(walletPath, passphrase, async store =>
            {
                var credentials = await store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var output = parseResult.InvocationConfiguration.Output;

                // Each credential's status, from the list its issuer publishes (fetched once per list).
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
                var checker = WalletStatus.Checker(http);
                var statuses = new List<(string Text, string? Code)>();
                foreach (var credential in credentials)
                {
                    statuses.Add(await WalletStatus.DescribeAsync(credential, checker, cancellationToken).ConfigureAwait(false));
                }

                if (Reports.WantsJson(parseResult))
                {
                    output.WriteLine(new JsonArray([.. credentials.Select((c, i) => (JsonNode)new JsonObject
                    {
                        ["id"] = c.Id,
                        ["format"] = FormatName(c.Format),
                        ["docType"] = c.DocType,
                        ["batch"] = c.BatchId,
                        ["validUntil"] = c.ValidUntil is { } end ? WalletFiles.Time(end) : null,
                        ["uses"] = c.UseCount,
                        ["status"] = statuses[i].Text,
                        ["statusCode"] = statuses[i].Code,
                    })]).ToJsonString(Indented));
                    return ExitCodes.Success;
                }

                var keys = await store.DeviceKeys.CountAsync(cancellationToken).ConfigureAwait(false);
                if (credentials.Count == 0)
                {
                    output.WriteLine(ValueText.Clean($"The wallet {walletPath} holds no credentials ({WalletFiles.Count(keys, "holder key")})."));
                    return ExitCodes.Success;
                }

                output.WriteLine(ValueText.Clean($"The wallet {walletPath} holds {WalletFiles.Count(credentials.Count, "credential")} ({WalletFiles.Count(keys, "holder key")}):"));
                var rows = credentials.Select((c, i) => new[]
                {
                    c.Id,
                    FormatName(c.Format),
                    c.DocType,
                    c.BatchId is null ? "no batch" : "batch " + c.BatchId,
                    c.ValidUntil is { } end ? "valid until " + WalletFiles.Time(end) : "no end of validity",
                    WalletFiles.Uses(c.UseCount),
                    statuses[i].Text,
                }).ToList();
                var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
                foreach (var row in rows)
                {
                    output.WriteLine(ValueText.Clean("  " + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])))));
                }

                return ExitCodes.Success;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Log()
    {
        var wallet = WalletFiles.WalletOption("The wallet file.");
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("log", "The person's log, oldest first: when, to whom, which document and which elements were presented (never their values); and the verifiers the person stopped sharing with.") { wallet, passphraseFile, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var walletPath = parseResult.GetValue(wallet)!;
            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            return await WalletFiles.RunAsync(walletPath, passphrase, async store =>
            {
                var records = await store.Log.ListAsync(cancellationToken).ConfigureAwait(false);
                var stopped = await store.Consents.ListStoppedAsync(cancellationToken).ConfigureAwait(false);
                var lines = new List<string>();
                if (records.Count == 0)
                {
                    lines.Add($"Nothing was presented from the wallet {walletPath} yet.");
                }
                else
                {
                    var refusals = records.Count(r => r.IsRefusal);
                    lines.Add($"{WalletFiles.Count(records.Count - refusals, "presentation")}{(refusals > 0 ? " and " + WalletFiles.Count(refusals, "refused request") : string.Empty)} from the wallet {walletPath}, oldest first:");
                    foreach (var record in records)
                    {
                        if (record.IsRefusal)
                        {
                            lines.Add($"{WalletFiles.Time(record.At)}  refused {Who(record.Requester)}");
                            lines.Add($"    asked for {record.DocType}: nothing shared, sharing with this verifier is stopped");
                            continue;
                        }

                        lines.Add($"{WalletFiles.Time(record.At)}  to {Who(record.Requester)}");
                        lines.Add($"    {record.DocType}, credential {record.CredentialId}: {(record.Elements.Count == 0 ? "nothing" : string.Join(", ", record.Elements))}");
                        if (record.Requester.StatedPurpose is { } stated)
                        {
                            lines.Add($"    the request said: {stated}");
                        }
                    }
                }

                lines.Add(stopped.Count == 0 ? "Sharing is stopped with no verifier." : "Sharing is stopped with:");
                lines.AddRange(stopped.Select(s => $"  {s.Verifier} (since {WalletFiles.Time(s.Since)})"));
                Reports.Write(parseResult, string.Join("\n", lines), new JsonObject
                {
                    ["wallet"] = walletPath,
                    ["presentations"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject
                    {
                        ["at"] = WalletFiles.Time(r.At),
                        ["verifier"] = new JsonObject
                        {
                            ["clientId"] = r.Requester.ClientId?.Value,
                            ["subject"] = r.Requester.Subject,
                            ["verified"] = r.Requester.Authenticated,
                            ["registered"] = r.Requester.Registration is not null,
                            ["purpose"] = r.Requester.Purpose,
                            ["statedPurpose"] = r.Requester.StatedPurpose,
                            ["problems"] = Reports.Strings(r.Requester.Problems),
                        },
                        ["refused"] = r.IsRefusal,
                        ["docType"] = r.DocType,
                        ["credentialId"] = r.IsRefusal ? null : r.CredentialId,
                        ["elements"] = Reports.Strings(r.Elements),
                    })]),
                    ["stopped"] = new JsonArray([.. stopped.Select(s => (JsonNode)new JsonObject { ["verifier"] = s.Verifier, ["since"] = WalletFiles.Time(s.Since) })]),
                });
                return ExitCodes.Success;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    // Who received a presentation, as the wallet established it: the certificate subject, whether it proved it, the
    // registered purpose and the client id the answer was bound to.
    private static string Who(RequesterIdentity requester)
    {
        var name = requester.Subject ?? "a verifier that did not identify itself";
        var facts = new List<string> { requester.Authenticated ? "verified" : "not verified" };
        if (requester.Registration is { } registration)
        {
            facts.Add($"registered for the purpose: {registration.Purpose}");
        }

        if (requester.ClientId is { } clientId)
        {
            facts.Add("client id " + clientId.Value);
        }

        return $"{name} ({string.Join("; ", facts)})";
    }

    private static Command Stop()
    {
        var verifier = new Argument<string>("VERIFIER") { Description = "The verifier as 'honnin wallet log' shows it: its client id, its certificate subject, or the subject's common name." };
        var wallet = WalletFiles.WalletOption("The wallet file.");
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("stop", "Stop sharing with a verifier: the wallet refuses all its requests, whatever they ask, until 'honnin wallet resume'.") { verifier, wallet, passphraseFile, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = VerifierName(parseResult.GetValue(verifier));
            var walletPath = parseResult.GetValue(wallet)!;
            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            return await WalletFiles.RunAsync(walletPath, passphrase, async store =>
            {
                var now = TimeProvider.System.GetUtcNow();
                var before = (await store.Consents.ListStoppedAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Verifier == name);
                await store.Consents.StopAsync(name, now, cancellationToken).ConfigureAwait(false);
                var since = before?.Since ?? now;
                var probe = new StoppedVerifier(name, since);
                var seen = (await store.Log.ListAsync(cancellationToken).ConfigureAwait(false)).Any(r => probe.Matches(r.Requester));
                if (!seen && !Reports.WantsJson(parseResult))
                {
                    parseResult.InvocationConfiguration.Error.WriteLine(ValueText.Clean($"note: no presentation in the log went to '{name}'; a request is refused when its client id, certificate subject or common name is exactly this name."));
                }

                Reports.Write(
                    parseResult,
                    before is null
                        ? $"Stopped sharing with {name}: the wallet refuses its requests from now on ('honnin wallet resume' undoes it)."
                        : $"Sharing with {name} was already stopped, since {WalletFiles.Time(before.Since)}.",
                    new JsonObject { ["wallet"] = walletPath, ["verifier"] = name, ["stopped"] = true, ["since"] = WalletFiles.Time(since), ["inLog"] = seen });
                return ExitCodes.Success;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Resume()
    {
        var verifier = new Argument<string>("VERIFIER") { Description = "The verifier, by the name it was stopped under (see 'honnin wallet log')." };
        var wallet = WalletFiles.WalletOption("The wallet file.");
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("resume", "Share with a stopped verifier again: its requests are planned by the wallet's policy as before.") { verifier, wallet, passphraseFile, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = VerifierName(parseResult.GetValue(verifier));
            var walletPath = parseResult.GetValue(wallet)!;
            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            return await WalletFiles.RunAsync(walletPath, passphrase, async store =>
            {
                if (!await store.Consents.ResumeAsync(name, cancellationToken).ConfigureAwait(false))
                {
                    var stopped = await store.Consents.ListStoppedAsync(cancellationToken).ConfigureAwait(false);
                    throw new RefusedException("not_stopped", ValueText.Clean($"Sharing with '{name}' is not stopped; nothing changed. Stopped: {(stopped.Count == 0 ? "none" : string.Join(", ", stopped.Select(s => s.Verifier)))}."));
                }

                Reports.Write(parseResult, $"Sharing with {name} resumed: its requests are planned by the wallet's policy again.", new JsonObject { ["wallet"] = walletPath, ["verifier"] = name, ["stopped"] = false });
                return ExitCodes.Success;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static string VerifierName(string? name) =>
        !string.IsNullOrWhiteSpace(name) ? name : throw new UsageException("VERIFIER must name a verifier: its client id, certificate subject or common name, as 'honnin wallet log' shows it.");

    private static string FormatName(CredentialFormat format) => format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt";
}
