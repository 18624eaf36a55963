using System.CommandLine;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using Honnin.Jose;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin key create</c>: holder (device) keys as private JWKs.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The JWK file to write.", Required = true };
        var algorithm = new Option<string>("--alg") { Description = "ES256 (P-256) or EdDSA (Ed25519).", DefaultValueFactory = _ => "ES256" };
        algorithm.AcceptOnlyFromAmong("ES256", "EdDSA");
        var count = new Option<int>("--count") { Description = "How many keys; more than one writes a JWK set, one key per credential of a batch.", DefaultValueFactory = _ => 1 };
        var create = new Command("create", "Create a private key for a holder (wallet) as a JWK, or a JWK set with --count.") { output, algorithm, count, CommonOptions.Json() };
        create.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output)!;
            var n = parseResult.GetValue(count);
            if (n is < 1 or > 1000)
            {
                throw new UsageException("--count must be between 1 and 1000.");
            }

            OutputFiles.RefuseToOverwrite(path, "key");
            var jwks = new List<string>();
            for (var i = 0; i < n; i++)
            {
                if (parseResult.GetValue(algorithm) == "EdDSA")
                {
                    var seed = RandomNumberGenerator.GetBytes(32);
                    jwks.Add(PrivateJsonWebKey.WriteEd25519(seed));
                    CryptographicOperations.ZeroMemory(seed);
                }
                else
                {
                    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    jwks.Add(PrivateJsonWebKey.Write(key));
                }
            }

            KeyFiles.WritePrivateJwks(path, jwks);
            Reports.Write(parseResult, $"Created {path} with {n} {parseResult.GetValue(algorithm)} key(s).", new JsonObject { ["file"] = path, ["keys"] = n, ["alg"] = parseResult.GetValue(algorithm) });
            return ExitCodes.Success;
        });
        var command = new Command("key", "Manage holder keys.");
        command.Subcommands.Add(create);
        return command;
    }
}
