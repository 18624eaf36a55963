namespace Honnin.Cli;

/// <summary>What was received is not a valid credential (e.g. an issuer sent credentials that fail the wallet's checks): exit 1.</summary>
internal sealed class InvalidException(string code, string message) : CliException(ExitCodes.Invalid, code, message);
