namespace Honnin.Verifier.Checks;

/// <summary>What a host's <see cref="IDocumentCheck"/> sees of one verified document, and where it reports.</summary>
public sealed class DocumentCheckContext
{
    private readonly List<VerificationFailure> _failures;
    private readonly List<VerificationWarning> _warnings;

    internal DocumentCheckContext(VerifiedDocument document, int? documentIndex, DateTimeOffset verifiedAt, List<VerificationFailure> failures, List<VerificationWarning> warnings)
    {
        Document = document;
        DocumentIndex = documentIndex;
        VerifiedAt = verifiedAt;
        _failures = failures;
        _warnings = warnings;
    }

    /// <summary>The document as the result will report it (mdoc elements or SD-JWT claims, issuer, validity, subject keys).</summary>
    public VerifiedDocument Document { get; }

    /// <summary>The document's index in the DeviceResponse (mdoc), or 0 (SD-JWT VC).</summary>
    public int? DocumentIndex { get; }

    /// <summary>The verification time.</summary>
    public DateTimeOffset VerifiedAt { get; }

    /// <summary>Reports a failure; the document is then not in the result.</summary>
    /// <param name="code">A stable code (a host's own codes should carry its own prefix).</param>
    /// <param name="message">What went wrong, for people; never a claim value.</param>
    /// <returns><see cref="CheckStatus.Failed"/>, to return from the check.</returns>
    public CheckStatus Fail(string code, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        _failures.Add(new VerificationFailure(code, message, DocumentIndex));
        return CheckStatus.Failed;
    }

    /// <summary>Reports something accepted but worth knowing; the document stays valid.</summary>
    /// <param name="code">A stable code.</param>
    /// <param name="message">What was noticed; never a claim value.</param>
    public void Warn(string code, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        _warnings.Add(new VerificationWarning(code, message, DocumentIndex));
    }
}
