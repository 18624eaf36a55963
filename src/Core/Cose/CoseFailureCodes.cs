namespace Honnin.Cose;

/// <summary>Stable failure codes of the COSE layer, carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class CoseFailureCodes
{
    /// <summary>The structure is not a COSE_Sign1 or COSE_Mac0 of the expected shape.</summary>
    public const string Malformed = "cose_malformed";

    /// <summary>The <c>crit</c> header names a label this implementation does not understand.</summary>
    public const string UnknownCriticalHeader = "cose_unknown_critical_header";

    /// <summary>The algorithm is missing, unknown, not allowed, or does not fit the key.</summary>
    public const string UnsupportedAlgorithm = "cose_unsupported_algorithm";
}
