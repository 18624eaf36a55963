using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Issuer.Offers;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin offer create</c>: HR's side of issuance: an offer for one employee, through the issuer service's admin API.</summary>
internal static class OfferCommand
{
    public static Command Create()
    {
        var command = new Command("offer", "Create credential offers on a running issuer service ('honnin issuer serve').");
        command.Subcommands.Add(CreateOffer());
        command.Subcommands.Add(ListOffers());
        return command;
    }

    private static Command CreateOffer()
    {
        var issuerUrl = IssuerUrlOption();
        var tokenFile = AdminTokenFileOption();
        var type = new Option<string>("--type") { Description = "withholding-slip, enrollment-certificate, or a registered docType.", Required = true };
        var claims = new Option<string>("--claims") { Description = "JSON file: element ids as keys (namespace objects allowed), dates as YYYY-MM-DD. The service checks them against the type.", Required = true };
        var format = new Option<string>("--format") { Description = "Credential format: mdoc or sd-jwt.", DefaultValueFactory = _ => "sd-jwt" };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var batch = new Option<int>("--batch") { Description = "Single-use credentials the wallet receives (at most the service's batch size, 10 by default).", DefaultValueFactory = _ => 1 };
        var txCode = new Option<bool>("--tx-code") { Description = "Protect the offer with a numeric transaction code, to give the employee through another channel." };
        var requiresApproval = new Option<bool>("--requires-approval") { Description = "Defer issuance until HR approves the offer." };
        var qr = new Option<string>("--qr") { Description = "Also write the offer as a QR code: FILE.png, FILE.svg, or - for the terminal (on standard error)." };
        var command = new Command("create", "Create an offer; print the openid-credential-offer:// URI on standard output and the transaction code apart, on standard error.")
        {
            issuerUrl, tokenFile, type, claims, format, batch, txCode, requiresApproval, qr, CommonOptions.Json(),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(batch);
            if (count is < 1 or > 1000)
            {
                throw new UsageException("--batch must be between 1 and 1000.");
            }

            var qrPath = parseResult.GetValue(qr);
            QrOutput.Check(qrPath);
            var body = new JsonObject
            {
                ["type"] = parseResult.GetValue(type),
                ["format"] = parseResult.GetValue(format),
                ["claims"] = ReadClaims(parseResult.GetValue(claims)!),
                ["batch_size"] = count,
                ["tx_code"] = parseResult.GetValue(txCode),
                ["requires_approval"] = parseResult.GetValue(requiresApproval),
            };
            using var client = AdminClient.Create(parseResult.GetValue(issuerUrl)!, parseResult.GetValue(tokenFile)!);
            var answer = await client.PostAsync("offers", body, cancellationToken).ConfigureAwait(false);
            var offer = AdminClient.Text(answer, "offer") is { } link && link.StartsWith("openid-credential-offer://", StringComparison.Ordinal)
                ? link
                : throw new InputException("bad_answer", "The issuer service's answer holds no openid-credential-offer:// URI.");
            var code = AdminClient.Text(answer, "tx_code");
            var offerId = AdminClient.Text(answer, "offer_id");

            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            QrOutput.Write(qrPath, offer, error);

            if (Reports.WantsJson(parseResult))
            {
                output.WriteLine(new JsonObject { ["offer"] = offer, ["tx_code"] = code, ["offer_id"] = offerId }.ToJsonString(ValueText.JsonOptions));
                return ExitCodes.Success;
            }

            output.WriteLine(ValueText.Clean(offer));
            if (code is not null)
            {
                error.WriteLine(ValueText.Clean($"tx_code: {code}  (give it to the employee through another channel than the offer)"));
            }

            error.WriteLine(ValueText.Clean($"offer_id: {offerId}" + (QrOutput.IsFile(qrPath) ? $"; QR code in {qrPath}" : string.Empty)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListOffers()
    {
        var issuerUrl = IssuerUrlOption();
        var tokenFile = AdminTokenFileOption();
        var command = new Command("list", "List the service's offers: id, configuration, batch, state, when created and when they expire or closed; never claim values or codes.") { issuerUrl, tokenFile, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = AdminClient.Create(parseResult.GetValue(issuerUrl)!, parseResult.GetValue(tokenFile)!);
            var answer = await client.GetAsync("offers", cancellationToken).ConfigureAwait(false);
            var offers = answer["offers"] is JsonArray list
                ? list.OfType<JsonObject>().ToList()
                : throw new InputException("bad_answer", "The issuer service's answer holds no list of offers.");
            var lines = offers.Select(o =>
                $"{AdminClient.Text(o, "offer_id")}  {AdminClient.Text(o, "configuration_id")}  batch {o["batch_size"]}  {AdminClient.Text(o, "state")}" +
                (o["requires_approval"] is JsonValue approval && approval.GetValueKind() == JsonValueKind.True && AdminClient.Text(o, "approved_at") is null ? " (awaits approval)" : string.Empty) +
                $"  created {AdminClient.Text(o, "created_at")}" +
                (AdminClient.Text(o, "closed_at") is { } closed ? $"  closed {closed}" : $"  expires {AdminClient.Text(o, "expires_at")}") +
                (AdminClient.Text(o, "notification") is { } notification ? $"  wallet: {notification}" : string.Empty));
            Reports.Write(parseResult, offers.Count == 0 ? "No offers." : string.Join("\n", lines), new JsonObject { ["offers"] = new JsonArray([.. offers.Select(o => o.DeepClone())]) });
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The <c>--issuer-url</c> option of the admin commands.</summary>
    internal static Option<string> IssuerUrlOption() => new("--issuer-url") { Description = "The issuer service's URL, as 'honnin issuer serve' printed it (https, or http on this machine).", Required = true };

    /// <summary>The <c>--admin-token-file</c> option of the admin commands.</summary>
    internal static Option<string> AdminTokenFileOption() => new("--admin-token-file") { Description = "The file with the admin token, as 'honnin issuer serve' printed it.", Required = true };

    private static JsonObject ReadClaims(string path)
    {
        try
        {
            return JsonNode.Parse(InputFiles.ReadText(path, "--claims", InputFiles.MaxItemLength), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                ?? throw new InputException(InputException.Malformed, $"The --claims file '{path}' is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new InputException(InputException.Malformed, $"The --claims file '{path}' is not JSON.");
        }
    }
}
