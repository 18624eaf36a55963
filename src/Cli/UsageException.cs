namespace Honnin.Cli;

/// <summary>The command line is wrong: the tool prints the message and exits with 2.</summary>
internal sealed class UsageException(string message) : CliException(ExitCodes.Usage, "usage", message);
