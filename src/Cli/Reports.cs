using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.Cli;

/// <summary>Prints a command's result: a line for people, or with <c>--json</c> one JSON object for programs.</summary>
internal static class Reports
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the command was given <c>--json</c>.</summary>
    public static bool WantsJson(ParseResult parseResult) =>
        parseResult.CommandResult.Command.Options.Any(o => o.Name == CommonOptions.JsonName) && parseResult.GetValue<bool>(CommonOptions.JsonName);

    /// <summary>Writes <paramref name="text"/> (one or more lines), or <paramref name="json"/> with <c>--json</c>.</summary>
    public static void Write(ParseResult parseResult, string text, JsonObject json)
    {
        var output = parseResult.InvocationConfiguration.Output;
        if (WantsJson(parseResult))
        {
            output.WriteLine(json.ToJsonString(Indented));
            return;
        }

        foreach (var line in text.Split('\n'))
        {
            output.WriteLine(ValueText.Clean(line));
        }
    }

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
