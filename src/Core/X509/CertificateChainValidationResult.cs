using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// The immutable, fail-closed outcome of <see cref="CertificateChainValidator.Validate(IReadOnlyList{ReadOnlyMemory{byte}}, DateTimeOffset)"/>.
/// </summary>
/// <remarks>
/// Ownership: <see cref="Leaf"/> belongs to the caller (for the DER overload it is a new instance the
/// caller should dispose; for the certificate overload it is the caller's own <c>x5chain[0]</c>).
/// <see cref="TrustAnchor"/> belongs to the <see cref="TrustAnchorSet"/>: do not dispose it.
/// </remarks>
public sealed class CertificateChainValidationResult : IProblemReport
{
    internal CertificateChainValidationResult(
        X509Certificate2? leaf,
        X509Certificate2? trustAnchor,
        IReadOnlyList<Problem> failures,
        bool allChecksRan,
        (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? pathValidity = null)
    {
        Leaf = leaf;
        TrustAnchor = trustAnchor;
        Failures = failures;
        IsValid = failures.Count == 0 && allChecksRan && leaf is not null && trustAnchor is not null;
        if (IsValid && pathValidity is { } validity)
        {
            PathNotBefore = validity.NotBefore;
            PathNotAfter = validity.NotAfter;
        }
    }

    /// <summary>
    /// True only when the chain reaches a configured anchor, every certificate is within its validity
    /// period, the leaf fits its role's profile, and every one of these checks ran.
    /// </summary>
    public bool IsValid { get; }

    /// <summary>The parsed <c>x5chain[0]</c>, or <see langword="null"/> when it could not be parsed.</summary>
    public X509Certificate2? Leaf { get; }

    /// <summary>The trust anchor the chain ends at, or <see langword="null"/> when it reaches none.</summary>
    public X509Certificate2? TrustAnchor { get; }

    /// <summary>
    /// When <see cref="IsValid"/>: the latest notBefore over the validated path (leaf, the intermediates it used,
    /// trust anchor), so that the whole path is valid from this time on. Otherwise <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? PathNotBefore { get; }

    /// <summary>
    /// When <see cref="IsValid"/>: the earliest notAfter over the validated path (leaf, the intermediates it used,
    /// trust anchor), so that the whole path is valid until this time. Otherwise <see langword="null"/>.
    /// </summary>
    public DateTimeOffset? PathNotAfter { get; }

    /// <summary>The failed checks, in the order they ran; empty when <see cref="IsValid"/>.</summary>
    public IReadOnlyList<Problem> Failures { get; }

    /// <summary>None: chain validation has no warnings.</summary>
    public IReadOnlyList<Problem> Warnings => [];

    /// <summary>True when a failure carries <paramref name="code"/>.</summary>
    /// <param name="code">A code from <see cref="CertificateProblemCodes"/>.</param>
    /// <returns>Whether any failure has that code.</returns>
    public bool HasFailure(string code) => Failures.Any(failure => string.Equals(failure.Code, code, StringComparison.Ordinal));
}
