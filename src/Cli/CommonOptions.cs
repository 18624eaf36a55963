using System.CommandLine;

namespace Honnin.Cli;

/// <summary>Options every command that prints a result takes.</summary>
internal static class CommonOptions
{
    public const string JsonName = "--json";

    /// <summary>A new <c>--json</c> option: print the result, or the error, as one JSON object on standard output.</summary>
    public static Option<bool> Json() => new(JsonName) { Description = "Print the result as JSON; an error as {\"error\": {\"code\", \"message\", \"exitCode\"}}." };
}
