namespace Honnin.Cli;

/// <summary>An error the tool reports with a stable code, a plain message and its exit code; never a stack trace.</summary>
internal abstract class CliException(int exitCode, string code, string message) : Exception(message)
{
    /// <summary>The exit code (<see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A stable code, e.g. <c>usage</c>, <c>input_missing</c>, <c>input_wrong_kind</c>.</summary>
    public string Code { get; } = code;
}
