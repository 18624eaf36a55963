namespace Honnin.Cli;

/// <summary>A usage error or unreadable input: the tool prints the message and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
