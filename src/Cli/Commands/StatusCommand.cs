using System.CommandLine;
using System.Text.Json.Nodes;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin status revoke|suspend|reinstate</c>: changes issued credentials' entries in the issuer service's status list.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Revoke, suspend or reinstate issued credentials on a running issuer service.");
        command.Subcommands.Add(Change("revoke", "Revoke credentials for good.", "Revoked"));
        command.Subcommands.Add(Change("suspend", "Suspend credentials until reinstated.", "Suspended"));
        command.Subcommands.Add(Change("reinstate", "Reinstate suspended credentials.", "Reinstated"));
        return command;
    }

    private static Command Change(string change, string description, string done)
    {
        var issuerUrl = OfferCommand.IssuerUrlOption();
        var tokenFile = OfferCommand.AdminTokenFileOption();
        var credentialId = new Option<string>("--credential-id") { Description = "One issued credential, by the id the admin API lists." };
        var offerId = new Option<string>("--offer-id") { Description = "Every credential issued for an offer." };
        var command = new Command(change, description + " Prints the ids of the credentials whose status changed.") { issuerUrl, tokenFile, credentialId, offerId, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var credential = parseResult.GetValue(credentialId);
            var offer = parseResult.GetValue(offerId);
            if ((credential is null) == (offer is null))
            {
                throw new UsageException("Give exactly one of --credential-id and --offer-id.");
            }

            var body = new JsonObject { ["change"] = change };
            body[credential is null ? "offer_id" : "credential_id"] = credential ?? offer;
            using var client = AdminClient.Create(parseResult.GetValue(issuerUrl)!, parseResult.GetValue(tokenFile)!);
            var answer = await client.PostAsync("status", body, cancellationToken).ConfigureAwait(false);
            var changed = answer["changed"] is JsonArray ids
                ? ids.Select(id => id is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToList()
                : throw new InputException("bad_answer", "The issuer service's answer holds no list of changed credentials.");

            var target = credential is null ? $"offer {offer}" : $"credential {credential}";
            var text = changed.Count == 0
                ? $"Nothing changed: no issued credential matches {target} (an offer that was not redeemed yet has none; withdraw it instead), or each already had that status."
                : $"{done} {changed.Count} credential(s) of {target}:\n  " + string.Join("\n  ", changed);
            Reports.Write(parseResult, text, new JsonObject { ["change"] = change, ["changed"] = Reports.Strings(changed) });
            return ExitCodes.Success;
        });
        return command;
    }
}
