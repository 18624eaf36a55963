namespace Honnin.Verifier.Checks;

/// <summary>Runs a host's document checks for either format: in order, each on its own, exceptions turned into failures.</summary>
internal static class DocumentCheckRunner
{
    /// <summary>Checks the options' list: no null, each name unique and not one of the verifier's own check names.</summary>
    public static void Validate(IReadOnlyList<IDocumentCheck>? checks, IEnumerable<string> reservedNames, string parameterName)
    {
        if (checks is null || checks.Any(c => c is null || string.IsNullOrEmpty(c.Name)))
        {
            throw new ArgumentException("Document checks must not be null and must have names.", parameterName);
        }

        var reserved = reservedNames.ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            if (reserved.Contains(check.Name) || !seen.Add(check.Name))
            {
                throw new ArgumentException($"The document check name '{check.Name}' is used twice or is one of the verifier's own check names.", parameterName);
            }
        }
    }

    /// <summary>Runs the checks on a document; returns whether all passed.</summary>
    public static bool Run(
        IReadOnlyList<IDocumentCheck> hostChecks,
        VerifiedDocument document,
        int? documentIndex,
        DateTimeOffset verifiedAt,
        List<CheckOutcome> checks,
        List<VerificationFailure> failures,
        List<VerificationWarning> warnings)
    {
        var passed = true;
        var context = new DocumentCheckContext(document, documentIndex, verifiedAt, failures, warnings);
        foreach (var check in hostChecks)
        {
            var before = failures.Count;
            CheckStatus status;
            try
            {
                status = check.Run(context);
            }
#pragma warning disable CA1031 // A host's check must not make Verify throw; the failure names the exception type only.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                status = context.Fail(VerificationFailureCodes.DocumentCheckError, $"The document check '{check.Name}' threw {exception.GetType().Name}.");
            }

            if (status != CheckStatus.Passed && failures.Count == before)
            {
                status = context.Fail(VerificationFailureCodes.DocumentCheckError, $"The document check '{check.Name}' returned {status} without reporting a failure.");
            }

            checks.Add(new CheckOutcome(check.Name, status, documentIndex));
            passed &= status == CheckStatus.Passed;
        }

        return passed;
    }

    /// <summary>Records the checks as not run for a document that failed before them.</summary>
    public static void Skip(IReadOnlyList<IDocumentCheck> hostChecks, int? documentIndex, List<CheckOutcome> checks) =>
        checks.AddRange(hostChecks.Select(c => new CheckOutcome(c.Name, CheckStatus.NotRun, documentIndex)));
}
