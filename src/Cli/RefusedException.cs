namespace Honnin.Cli;

/// <summary>Readable inputs that do not fit together, or work a rule forbids: exit 5.</summary>
internal sealed class RefusedException(string code, string message) : CliException(ExitCodes.Refused, code, message);
