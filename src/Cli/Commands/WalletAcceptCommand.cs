using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Honnin.Holder.Issuance;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin wallet accept OFFER_URI</c>: receives the credentials of an OpenID4VCI offer into the wallet file. The offer
/// is shown first (issuer, document type, elements, how many credentials); on a terminal the person confirms it, from a
/// script <c>--yes</c> does. A transaction code comes from <c>--tx-code</c> or, on a terminal, is typed without echo.
/// Plain http is accepted only to loopback addresses.
/// </summary>
internal static class WalletAcceptCommand
{
    public static Command Create()
    {
        var offer = new Argument<string>("OFFER_URI") { Description = "The offer: an openid-credential-offer:// link (by value or by reference), as scanned from the issuer's QR code." };
        var wallet = WalletFiles.WalletOption("The wallet file; created (readable by its owner only) when it does not exist.");
        var txCode = new Option<string>("--tx-code") { Description = "The transaction code the issuer sent apart, when the offer needs one; on a terminal it is asked for instead." };
        var trust = new Option<string[]>("--trust") { Description = "Also check the issuer: every credential must be signed by a certificate that chains to one of these (PEM or DER: an IACA, or the issuer's certificate itself). Repeat for several.", AllowMultipleArgumentsPerToken = false };
        var yes = new Option<bool>("--yes") { Description = "Accept the offer as shown without asking (needed when standard input is not a terminal)." };
        var wait = new Option<int>("--wait") { Description = "When the issuer defers the issuance, keep asking for up to SECONDS (default 0: report it pending at once, exit 3).", DefaultValueFactory = _ => 0 };
        var pendingFile = PendingFileOption();
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("accept", "Receive the credentials an issuer offers (OpenID4VCI, pre-authorized code): show the offer, confirm it, keep one fresh holder key per credential and the credentials in the wallet.")
        {
            offer, wallet, txCode, trust, yes, wait, pendingFile, passphraseFile, CommonOptions.Json(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var walletPath = parseResult.GetValue(wallet)!;
            var seconds = parseResult.GetValue(wait);
            if (seconds is < 0 or > 24 * 3600)
            {
                throw new UsageException("--wait is a number of seconds from 0 to 86400.");
            }

            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            using var anchors = ReadTrust(parseResult.GetValue(trust) ?? []);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { IssuerTrustAnchors = anchors });
            var json = Reports.WantsJson(parseResult);
            var error = parseResult.InvocationConfiguration.Error;

            var preview = await Map(() => client.PreviewAsync(parseResult.GetValue(offer)!, cancellationToken)).ConfigureAwait(false);
            if (!json)
            {
                foreach (var line in Describe(preview))
                {
                    error.WriteLine(ValueText.Clean(line));
                }
            }

            if (!parseResult.GetValue(yes))
            {
                if (!Terminal.IsInteractive)
                {
                    throw new UsageException("Standard input is not a terminal, so the offer cannot be confirmed here: add --yes to accept it as shown.");
                }

                if (!Terminal.Confirm(error, "Accept this offer into the wallet?"))
                {
                    throw new RefusedException("declined", "The offer was declined; nothing was asked of the issuer and the wallet is unchanged.");
                }
            }

            var code = parseResult.GetValue(txCode);
            if (preview.RequiresTransactionCode && string.IsNullOrEmpty(code))
            {
                code = Terminal.IsInteractive
                    ? Terminal.ReadSecret(error, $"Transaction code ({CodeShape(preview.TransactionCode!)}): ")
                    : throw new UsageException($"The offer needs the transaction code the issuer sent apart ({CodeShape(preview.TransactionCode!)}): give --tx-code CODE.");
            }

            return await WalletFiles.GuardAsync(walletPath, async () =>
            {
                var (store, created) = await WalletFiles.OpenAsync(walletPath, passphrase, create: true, cancellationToken).ConfigureAwait(false);
                using (store)
                {
                    var result = await Map(() => client.AcceptAsync(preview, code, new IssuanceTargets(store, store.DeviceKeys), TimeSpan.FromSeconds(seconds), cancellationToken)).ConfigureAwait(false);
                    var kept = KeepPending(result.Pending, parseResult.GetValue(pendingFile));
                    Reports.Write(parseResult, Summary(walletPath, created, preview.IssuerNameJa, preview.IssuerNameEn, preview.CredentialIssuer, result.Credentials, result.Pending, kept), Json(walletPath, created, preview, result));
                    return result.IsPending ? ExitCodes.Pending : ExitCodes.Success;
                }
            }).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>honnin wallet collect</c>: asks again for the credentials of a deferred issuance kept by <c>accept --pending-file</c>.</summary>
    public static Command CreateCollect()
    {
        var file = new Argument<string>("PENDING_FILE") { Description = "The file 'wallet accept --pending-file' wrote (it holds the issuance's access token; mode 0600)." };
        var wallet = WalletFiles.WalletOption("The wallet that holds the keys made when the credentials were asked for.");
        var trust = new Option<string[]>("--trust") { Description = "Also check the issuer, as for 'wallet accept'.", AllowMultipleArgumentsPerToken = false };
        var wait = new Option<int>("--wait") { Description = "Keep asking for up to SECONDS (default 0: ask once).", DefaultValueFactory = _ => 0 };
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("collect", "Collect the credentials of a deferred issuance ('wallet accept --pending-file'); the file is rewritten with what is still pending, or deleted when nothing is.")
        {
            file, wallet, trust, wait, passphraseFile, CommonOptions.Json(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var walletPath = parseResult.GetValue(wallet)!;
            var seconds = parseResult.GetValue(wait);
            if (seconds is < 0 or > 24 * 3600)
            {
                throw new UsageException("--wait is a number of seconds from 0 to 86400.");
            }

            var pending = ReadPending(path);
            var passphrase = WalletFiles.ReadPassphrase(parseResult.GetValue(passphraseFile));
            using var anchors = ReadTrust(parseResult.GetValue(trust) ?? []);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { IssuerTrustAnchors = anchors });
            return await WalletFiles.GuardAsync(walletPath, async () =>
            {
                var (store, _) = await WalletFiles.OpenAsync(walletPath, passphrase, create: false, cancellationToken).ConfigureAwait(false);
                using (store)
                {
                    var stored = new List<Holder.Credentials.StoredCredential>();
                    var still = new List<PendingIssuance>();
                    foreach (var one in pending)
                    {
                        var result = await Map(() => client.ResumeAsync(one, new IssuanceTargets(store, store.DeviceKeys), TimeSpan.FromSeconds(seconds), cancellationToken)).ConfigureAwait(false);
                        stored.AddRange(result.Credentials);
                        still.AddRange(result.Pending);
                    }

                    if (still.Count == 0)
                    {
                        File.Delete(path);
                    }

                    var kept = still.Count > 0 ? KeepPending(still, path) : null;
                    Reports.Write(
                        parseResult,
                        Summary(walletPath, created: false, null, null, "the issuer", stored, still, kept),
                        new JsonObject
                        {
                            ["wallet"] = walletPath,
                            ["credentials"] = new JsonArray([.. stored.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["docType"] = c.DocType, ["batch"] = c.BatchId })]),
                            ["pending"] = still.Count,
                            ["pendingFile"] = kept,
                        });
                    return still.Count > 0 ? ExitCodes.Pending : ExitCodes.Success;
                }
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<string> PendingFileOption() =>
        new("--pending-file") { Description = "When the issuer defers the issuance, keep what is needed to ask again in FILE (mode 0600: it holds the access token), for 'honnin wallet collect FILE'." };

    // Writes the pending issuances for 'wallet collect'; returns the file, or null when there is nothing to keep or no file.
    private static string? KeepPending(IReadOnlyList<PendingIssuance> pending, string? path)
    {
        if (pending.Count == 0 || path is null)
        {
            return null;
        }

        OutputFiles.WriteSecretText(path, Jose.StrictJson.Serialize(new JsonArray([.. pending.Select(p => (JsonNode)p.Export())])), "--pending-file");
        return path;
    }

    private static List<PendingIssuance> ReadPending(string path)
    {
        try
        {
            if (JsonNode.Parse(InputFiles.ReadText(path, "PENDING_FILE")) is JsonArray { Count: > 0 } array)
            {
                return [.. array.Select(e => PendingIssuance.Import(e!.GetValue<string>()))];
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or OfferAcceptanceException or FormatException)
        {
            throw new InputException(InputException.Malformed, $"'{path}' is not a file 'wallet accept --pending-file' wrote.");
        }

        throw new InputException(InputException.Malformed, $"'{path}' is not a file 'wallet accept --pending-file' wrote.");
    }

    // The issuer trust of --trust: certificates only (CA certificates and pinned issuer certificates alike are anchors).
    private static TrustAnchorSet? ReadTrust(string[] paths)
    {
        if (paths.Length == 0)
        {
            return null;
        }

        using var trust = TrustFiles.Read(paths, [], [], false, TimeProvider.System.GetUtcNow());
        if (trust.IssuerKeys.Count > 0)
        {
            throw new UsageException("wallet accept --trust takes certificates (an IACA or the issuer's certificate), not keys.");
        }

        return TrustAnchorSet.FromDer([.. (trust.Anchors?.Certificates ?? []).Select(c => (ReadOnlyMemory<byte>)c.RawData), .. trust.PinnedCertificates]);
    }

    private static async Task<T> Map<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (OfferAcceptanceException e)
        {
            // The issuer's description (e.g. how many attempts are left) is its own text, shown as received but cleaned.
            var message = e.IssuerError?.Description is { Length: > 0 } said ? $"{e.Message} The issuer says: {said}" : e.Message;
            throw e.Code switch
            {
                OfferAcceptanceException.TransactionCodeRequired => new UsageException(message),
                OfferAcceptanceException.OfferInvalid => new InputException(e.Code, message),
                OfferAcceptanceException.OfferUnreachable or OfferAcceptanceException.IssuerUnreachable or OfferAcceptanceException.IssuerResponseInvalid
                    or OfferAcceptanceException.CredentialNotStored => new InputException(e.Code, message),
                OfferAcceptanceException.CredentialMismatch or OfferAcceptanceException.IssuerUntrusted => new InvalidException(e.Code, message),
                _ => new RefusedException(e.Code, message),
            };
        }
    }

    private static IEnumerable<string> Describe(OfferPreview preview)
    {
        yield return $"Offer from {Names(preview.IssuerNameJa, preview.IssuerNameEn, "an issuer that gives no name")} ({preview.CredentialIssuer}):";
        foreach (var credential in preview.Credentials)
        {
            yield return $"  {Names(credential.NameJa, credential.NameEn, credential.Type)}: {(credential.Format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt")} {credential.Type}, "
                + (credential.BatchSize == 1 ? "1 credential" : $"up to {credential.BatchSize} credentials (as many as the offer carries), each presented once");
            if (credential.Elements.Count == 0)
            {
                yield return "    (a document type this tool does not know: its elements cannot be listed)";
            }
            else
            {
                yield return "    the elements a credential of this type may hold:";
            }

            var width = credential.Elements.Select(e => e.Identifier.Length).DefaultIfEmpty(0).Max();
            foreach (var element in credential.Elements)
            {
                yield return $"      {element.Identifier.PadRight(width)}  {element.DisplayNameJa} / {element.DisplayNameEn}";
            }
        }

        if (preview.TransactionCode is { } code)
        {
            yield return $"  A transaction code sent apart is needed ({CodeShape(code)}){(code.Description is { Length: > 0 } where ? ": " + where : ".")}";
        }
    }

    private static string Names(string? ja, string? en, string fallback) => (ja, en) switch
    {
        (null, null) => fallback,
        (not null, null) => ja,
        (null, not null) => en,
        _ when ja == en => ja!,
        _ => $"{ja} / {en}",
    };

    private static string CodeShape(OpenId4Vc.TransactionCodeSpec code) =>
        (code.InputMode == "numeric" ? "digits" : "text") + (code.Length is { } length ? string.Create(CultureInfo.InvariantCulture, $", {length} characters") : string.Empty);

    private static string Summary(string walletPath, bool created, string? issuerNameJa, string? issuerNameEn, string issuerId, IReadOnlyList<Holder.Credentials.StoredCredential> credentials, IReadOnlyList<PendingIssuance> pendingIssuances, string? pendingFile)
    {
        var lines = new List<string>();
        var issuer = Names(issuerNameJa, issuerNameEn, issuerId);
        foreach (var group in credentials.GroupBy(c => (c.DocType, c.Format, c.BatchId)))
        {
            lines.Add($"{(created ? "Created the wallet" : "Added to the wallet")} {walletPath}: {WalletFiles.Count(group.Count(), "credential")} of {group.Key.DocType} ({(group.Key.Format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt")}"
                + (group.Key.BatchId is null ? ")" : $", batch {group.Key.BatchId})") + $" from {issuer}" + (issuer.EndsWith('.') ? string.Empty : "."));
            created = false;
        }

        foreach (var pending in pendingIssuances)
        {
            lines.Add($"The issuer deferred {WalletFiles.Count(pending.RequestedCount, "credential")} of {pending.Type}: still pending. Their holder keys are in the wallet. "
                + (pendingFile is null
                    ? "Give --wait SECONDS to keep asking, or --pending-file FILE to ask again later with 'honnin wallet collect FILE'."
                    : $"Ask again with 'honnin wallet collect {pendingFile} --wallet {walletPath}' (the file holds the access token, valid for about an hour; mode 0600)."));
        }

        return string.Join("\n", lines);
    }

    private static JsonObject Json(string walletPath, bool created, OfferPreview preview, IssuanceResult result) => new()
    {
        ["wallet"] = walletPath,
        ["created"] = created,
        ["issuer"] = new JsonObject { ["id"] = preview.CredentialIssuer, ["nameJa"] = preview.IssuerNameJa, ["nameEn"] = preview.IssuerNameEn },
        ["offered"] = new JsonArray([.. preview.Credentials.Select(c => (JsonNode)new JsonObject
        {
            ["configurationId"] = c.ConfigurationId,
            ["format"] = c.Format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt",
            ["docType"] = c.Type,
            ["nameJa"] = c.NameJa,
            ["nameEn"] = c.NameEn,
            ["count"] = c.BatchSize,
            ["elements"] = new JsonArray([.. c.Elements.Select(e => (JsonNode)new JsonObject { ["nameSpace"] = e.NameSpace, ["id"] = e.Identifier, ["nameJa"] = e.DisplayNameJa, ["nameEn"] = e.DisplayNameEn })]),
        })]),
        ["transactionCode"] = preview.TransactionCode is { } code
            ? new JsonObject { ["required"] = true, ["inputMode"] = code.InputMode, ["length"] = code.Length, ["description"] = code.Description }
            : new JsonObject { ["required"] = false },
        ["credentials"] = new JsonArray([.. result.Credentials.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["format"] = c.Format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt",
            ["docType"] = c.DocType,
            ["batch"] = c.BatchId,
        })]),
        ["pending"] = new JsonArray([.. result.Pending.Select(p => (JsonNode)new JsonObject
        {
            ["configurationId"] = p.ConfigurationId,
            ["docType"] = p.Type,
            ["count"] = p.RequestedCount,
            ["nextPollAt"] = WalletFiles.Time(p.NextPollAt),
        })]),
    };
}
