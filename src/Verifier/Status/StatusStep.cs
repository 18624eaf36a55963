namespace Honnin.Verifier.Status;

/// <summary>
/// The status check both verifiers run after the pipeline, by their <see cref="StatusCheckPolicy"/>: asynchronously
/// (<c>VerifyAsync</c>) it checks each verified document's Token Status List entry with the
/// <see cref="StatusListChecker"/> and fails closed; the synchronous <c>Verify</c> cannot fetch, so it reports the
/// entry as not checked (a warning under <c>auto</c>, a failure under <c>require</c>). The result lists a
/// <c>status_list</c> check for each document that references a list (and for every document under <c>require</c>);
/// a credential that references none under <c>auto</c> is left as the pipeline verified it.
/// </summary>
internal sealed class StatusStep(StatusCheckPolicy policy, StatusListChecker? checker, CredentialFormat format, Microsoft.Extensions.Logging.ILogger logger)
{
    public const string CheckName = "status_list";

    /// <summary>What the synchronous verification says of the status.</summary>
    public VerificationResult Unchecked(VerificationResult result)
    {
        if (!result.IsValid)
        {
            return result;
        }

        if (policy == StatusCheckPolicy.Off)
        {
            return With(result, [.. result.Documents.Select((d, i) => (d, i)).Where(x => x.d.Status is not null).Select(x => new CheckOutcome(CheckName, CheckStatus.NotRun, x.i))], [], []);
        }

        var checks = new List<CheckOutcome>();
        var failures = new List<VerificationFailure>();
        var warnings = new List<VerificationWarning>();
        for (var i = 0; i < result.Documents.Count; i++)
        {
            var referenced = result.Documents[i].Status is not null;
            if (!referenced && policy == StatusCheckPolicy.Require)
            {
                failures.Add(new VerificationFailure(StatusCheckCodes.Missing, "The credential references no status list, and the verifier requires one.", i));
                checks.Add(new CheckOutcome(CheckName, CheckStatus.Failed, i));
            }
            else if (referenced && policy == StatusCheckPolicy.Require)
            {
                failures.Add(new VerificationFailure(StatusCheckCodes.NotChecked, "The verifier requires a status check, which needs VerifyAsync (the list is fetched).", i));
                checks.Add(new CheckOutcome(CheckName, CheckStatus.Failed, i));
            }
            else if (referenced)
            {
                warnings.Add(new VerificationWarning(StatusCheckCodes.NotChecked, "The credential references a status list, which the synchronous Verify does not fetch; use VerifyAsync to check it.", i));
                checks.Add(new CheckOutcome(CheckName, CheckStatus.NotRun, i));
            }
        }

        return With(result, checks, failures, warnings);
    }

    /// <summary>The status check, run.</summary>
    public async Task<VerificationResult> CheckAsync(VerificationResult result, CancellationToken cancellationToken)
    {
        if (policy == StatusCheckPolicy.Off || !result.IsValid)
        {
            return Unchecked(result);
        }

        var checks = new List<CheckOutcome>();
        var failures = new List<VerificationFailure>();
        var outcomes = new List<StatusCheckResult>();
        for (var i = 0; i < result.Documents.Count; i++)
        {
            Problem? failure;
            if (result.Documents[i].Status is not { } reference)
            {
                failure = policy == StatusCheckPolicy.Require ? new Problem(StatusCheckCodes.Missing, "The credential references no status list, and the verifier requires one.") : null;
            }
            else if (checker is null)
            {
                failure = new Problem(StatusCheckCodes.Unavailable, "The credential references a status list, and no status list checker is configured (StatusLists).");
            }
            else
            {
                var outcome = await checker.CheckAsync(reference, null, cancellationToken).ConfigureAwait(false);
                outcomes.Add(outcome);
                failure = outcome.Failure;
            }

            if (failure is not null)
            {
                failures.Add(new VerificationFailure(failure.Code, failure.Message, i));
                checks.Add(new CheckOutcome(CheckName, CheckStatus.Failed, i));
            }
            else if (result.Documents[i].Status is not null)
            {
                checks.Add(new CheckOutcome(CheckName, CheckStatus.Passed, i));
            }
        }

        Logging.VerifierLog.StatusChecked(logger, format, outcomes);
        return With(result, checks, failures, []);
    }

    // A valid result with the status outcomes added: every check it passed stays mandatory, and a status failure makes it
    // invalid (its documents are then withheld).
    private static VerificationResult With(VerificationResult result, List<CheckOutcome> checks, List<VerificationFailure> failures, List<VerificationWarning> warnings)
    {
        if (checks.Count == 0 && failures.Count == 0 && warnings.Count == 0)
        {
            return result;
        }

        var passed = result.Checks.Where(c => c.Status == CheckStatus.Passed).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new VerificationResult([.. result.Checks, .. checks], [.. result.Failures, .. failures], result.Documents, passed, [.. result.Warnings, .. warnings]);
    }
}
