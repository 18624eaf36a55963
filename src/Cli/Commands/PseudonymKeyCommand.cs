using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Pseudonyms;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin pseudonym-key create</c>: a key for deriving per-domain pseudonyms (a pseudonym authority's, or an issuer's own).
/// The file is <c>{"kid": ..., "k": base64url(32 bytes), "use": "honnin-domain-pseudonym-v1"}</c>; keep it secret.
/// </summary>
internal static class PseudonymKeyCommand
{
    internal const string Use = "honnin-domain-pseudonym-v1";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The key file to write.", Required = true };
        var kid = new Option<string>("--kid") { Description = "The key id carried in every pseudonym (for rotation).", DefaultValueFactory = _ => "k1" };
        var create = new Command("create", "Create a secret key for domain pseudonyms.") { output, kid, CommonOptions.Json() };
        create.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output)!;
            var keyId = parseResult.GetValue(kid)!;
            if (!PseudonymKey.IsValidKeyId(keyId))
            {
                throw new UsageException("--kid must be 1 to 32 of A-Z, a-z, 0-9, '_' and '-'.");
            }

            OutputFiles.RefuseToOverwrite(path, "pseudonym key");
            var secret = RandomNumberGenerator.GetBytes(PseudonymKey.SecretLength);
            try
            {
                var json = new JsonObject { ["kid"] = keyId, ["k"] = Base64Url.EncodeToString(secret), ["use"] = Use };
                OutputFiles.WriteSecretText(path, json.ToJsonString() + "\n", "--out");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            Reports.Write(parseResult, $"Created pseudonym key '{keyId}' in {path}. Keep it secret: whoever holds it can compute every domain's pseudonym.", new JsonObject { ["file"] = path, ["kid"] = keyId });
            return ExitCodes.Success;
        });
        var command = new Command("pseudonym-key", "Manage keys for per-domain pseudonyms.");
        command.Subcommands.Add(create);
        return command;
    }

    /// <summary>Reads a pseudonym key file; the caller disposes the key.</summary>
    public static PseudonymKey Read(string path)
    {
        byte[]? secret = null;
        try
        {
            var json = JsonNode.Parse(InputFiles.ReadText(path, "--pseudonym-key")) as JsonObject;
            if (json?["use"]?.GetValue<string>() != Use || json["kid"]?.GetValue<string>() is not { } keyId || json["k"]?.GetValue<string>() is not { } k)
            {
                throw new InputException(InputException.WrongKind, $"The --pseudonym-key file '{path}' is not a key written by 'honnin pseudonym-key create'.");
            }

            secret = Base64Url.DecodeFromChars(k);
            return PseudonymKey.Import(keyId, secret);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InputException(InputException.WrongKind, $"The --pseudonym-key file '{path}' is not a valid pseudonym key.");
        }
        finally
        {
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }
}
