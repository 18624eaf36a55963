namespace Honnin.Verifier;

/// <summary>How a verification check ended.</summary>
public enum CheckStatus
{
    /// <summary>The check did not run (an earlier structure it needs was missing or invalid).</summary>
    NotRun,

    /// <summary>The check ran and passed.</summary>
    Passed,

    /// <summary>The check ran and failed.</summary>
    Failed,
}
