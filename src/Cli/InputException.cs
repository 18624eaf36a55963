namespace Honnin.Cli;

/// <summary>An input file cannot be used as given (missing, unreadable, too large, malformed, another kind of file): exit 4.</summary>
internal sealed class InputException(string code, string message) : CliException(ExitCodes.Input, code, message)
{
    public const string Missing = "input_missing";
    public const string Unreadable = "input_unreadable";
    public const string TooLarge = "input_too_large";
    public const string Malformed = "input_malformed";
    public const string WrongKind = "input_wrong_kind";
    public const string WrongFormat = "input_wrong_format";
}
