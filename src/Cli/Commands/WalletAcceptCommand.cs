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
        var passphraseFile = WalletFiles.PassphraseFileOption();
        var command = new Command("accept", "Receive the credentials an issuer offers (OpenID4VCI, pre-authorized code): show the offer, confirm it, keep one fresh holder key per credential and the credentials in the wallet.")
        {
            offer, wallet, txCode, trust, yes, wait, passphraseFile, CommonOptions.Json(),
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
                    Reports.Write(parseResult, Summary(walletPath, created, preview, result), Json(walletPath, created, preview, result));
                    return result.IsPending ? ExitCodes.Pending : ExitCodes.Success;
                }
            }).ConfigureAwait(false);
        });
        return command;
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

    private static string Summary(string walletPath, bool created, OfferPreview preview, IssuanceResult result)
    {
        var lines = new List<string>();
        var issuer = Names(preview.IssuerNameJa, preview.IssuerNameEn, preview.CredentialIssuer);
        foreach (var group in result.Credentials.GroupBy(c => (c.DocType, c.Format, c.BatchId)))
        {
            lines.Add($"{(created ? "Created the wallet" : "Added to the wallet")} {walletPath}: {WalletFiles.Count(group.Count(), "credential")} of {group.Key.DocType} ({(group.Key.Format == CredentialFormat.Mdoc ? "mdoc" : "sd-jwt")}"
                + (group.Key.BatchId is null ? ")" : $", batch {group.Key.BatchId})") + $" from {issuer}" + (issuer.EndsWith('.') ? string.Empty : "."));
            created = false;
        }

        foreach (var pending in result.Pending)
        {
            lines.Add($"The issuer deferred {WalletFiles.Count(pending.RequestedCount, "credential")} of {pending.Type}: still pending when --wait ran out. Their holder keys are in the wallet, but this tool does not ask again later: give --wait SECONDS long enough for the issuer (with a new offer, as this one's code is spent).");
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
