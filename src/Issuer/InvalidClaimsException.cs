using Honnin.DocumentTypes;

namespace Honnin.Issuer;

/// <summary>
/// The claims given for issuance do not fit the document type. <see cref="Problems"/> names each element and what is
/// wrong; neither the problems nor the message repeat claim values.
/// </summary>
public sealed class InvalidClaimsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="docType">The document type.</param>
    /// <param name="problems">The problems.</param>
    public InvalidClaimsException(string docType, IReadOnlyList<ClaimProblem> problems)
        : base($"The claims do not fit {docType}: " + string.Join("; ", (problems ?? []).Select(p => p.Message)))
    {
        Problems = problems ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public InvalidClaimsException()
        : this("the document type", [])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public InvalidClaimsException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidClaimsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>What is wrong, element by element.</summary>
    public IReadOnlyList<ClaimProblem> Problems { get; }
}
