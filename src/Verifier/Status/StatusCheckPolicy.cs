namespace Honnin.Verifier.Status;

/// <summary>When a verifier checks a credential's Token Status List entry.</summary>
public enum StatusCheckPolicy
{
    /// <summary>Check when the credential references a list; refuse it when the list cannot be had (fail closed).</summary>
    Auto,

    /// <summary>Every credential must reference a list, and it is checked as under <see cref="Auto"/>.</summary>
    Require,

    /// <summary>Do not check (the result says so).</summary>
    Off,
}
