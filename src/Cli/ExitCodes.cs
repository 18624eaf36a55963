namespace Honnin.Cli;

/// <summary>The tool's exit codes: one per kind of outcome (DESIGN.md, command-line contract).</summary>
internal static class ExitCodes
{
    /// <summary>Success; for verify, the credential is valid.</summary>
    public const int Success = 0;

    /// <summary>The credential or presentation is invalid; failure codes were printed.</summary>
    public const int Invalid = 1;

    /// <summary>The command line is wrong: an unknown or missing option, options that contradict each other, a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>Reserved: a networked result that is still pending.</summary>
    public const int Pending = 3;

    /// <summary>An input file is missing, unreadable, too large, malformed, or not the kind of file the option takes.</summary>
    public const int Input = 4;

    /// <summary>The inputs are readable but the work is refused: they do not fit together (claims and type, key and credential) or a rule forbids it.</summary>
    public const int Refused = 5;

    /// <summary>A defect in the tool (EX_SOFTWARE); please report it.</summary>
    public const int Internal = 70;
}
