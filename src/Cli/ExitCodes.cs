namespace Honnin.Cli;

/// <summary>The tool's exit codes (DESIGN.md, command-line contract).</summary>
internal static class ExitCodes
{
    /// <summary>Success; for verify, the credential is valid.</summary>
    public const int Success = 0;

    /// <summary>The credential is invalid; failure codes were printed.</summary>
    public const int Invalid = 1;

    /// <summary>A usage error or unreadable input.</summary>
    public const int Usage = 2;
}
