using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Cli;

/// <summary>
/// The tool's wallet file for SD-JWT VC: <c>{"honnin": "sd-jwt-credentials/1", "vct": ..., "credentials": [{"sdJwt": ...,
/// "used": n}]}</c>. A batch keeps every credential, and <c>present</c> counts each one's use.
/// </summary>
internal sealed class SdJwtCredentialFile(string vct, List<(string SdJwt, int Used)> credentials)
{
    public const string Marker = "sd-jwt-credentials/1";

    public string Vct { get; } = vct;

    public List<(string SdJwt, int Used)> Credentials { get; } = credentials;

    public static SdJwtCredentialFile Read(string path) => Parse(InputFiles.ReadText(path, "--credential"), path);

    public static SdJwtCredentialFile Parse(string text, string path)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject root
                && root["honnin"]?.GetValue<string>() == Marker
                && root["vct"]?.GetValue<string>() is { } vct
                && root["credentials"] is JsonArray { Count: > 0 } list)
            {
                var credentials = new List<(string, int)>();
                foreach (var entry in list)
                {
                    if (entry?["sdJwt"]?.GetValue<string>() is not { } sdJwt || entry["used"]?.GetValue<int>() is not { } used || used < 0)
                    {
                        throw new InputException(InputException.Malformed, $"The --credential file '{path}' holds a malformed entry.");
                    }

                    credentials.Add((sdJwt, used));
                }

                return new SdJwtCredentialFile(vct, credentials);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InputException(InputException.WrongKind, $"The --credential file '{path}' is not a credential file written by 'honnin issue --format sd-jwt'.");
        }

        throw new InputException(InputException.WrongKind, $"The --credential file '{path}' is not a credential file written by 'honnin issue --format sd-jwt'.");
    }

    public void Write(string path)
    {
        var root = new JsonObject
        {
            ["honnin"] = Marker,
            ["vct"] = Vct,
            ["credentials"] = new JsonArray([.. Credentials.Select(c => (JsonNode)new JsonObject { ["sdJwt"] = c.SdJwt, ["used"] = c.Used })]),
        };
        OutputFiles.WriteSecretText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", "--out");
    }
}
