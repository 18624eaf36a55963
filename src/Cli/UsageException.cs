namespace Honnin.Cli;

/// <summary>An error the tool reports with a stable code, a plain message and its exit code; never a stack trace.</summary>
internal abstract class CliException(int exitCode, string code, string message) : Exception(message)
{
    /// <summary>The exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A stable code, e.g. <c>usage</c>, <c>input_missing</c>, <c>input_wrong_kind</c>.</summary>
    public string Code { get; } = code;
}

/// <summary>The command line is wrong: the tool prints the message and exits with 2.</summary>
internal sealed class UsageException(string message) : CliException(ExitCodes.Usage, "usage", message);

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

/// <summary>Readable inputs that do not fit together, or work a rule forbids: exit 5.</summary>
internal sealed class RefusedException(string code, string message) : CliException(ExitCodes.Refused, code, message);
