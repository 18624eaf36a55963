using Microsoft.Extensions.Logging;

namespace Honnin.Verifier.Logging;

/// <summary>The verifiers' log lines: codes and document types only, so that nothing a credential says reaches a log.</summary>
internal static partial class VerifierLog
{
    public static void Result(ILogger logger, CredentialFormat format, VerificationResult result)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        // The arguments are built only past the IsEnabled check above (CA1873 cannot see it).
#pragma warning disable CA1873
        if (result.IsValid)
        {
            Verified(logger, format, string.Join(", ", result.Documents.Select(d => d.DocType)), Codes(result.Warnings.Select(w => w.Code)));
        }
        else
        {
            Failed(logger, format, Codes(result.Failures.Select(f => f.Code)), Codes(result.Warnings.Select(w => w.Code)));
        }
#pragma warning restore CA1873
    }

    public static void StatusChecked(ILogger logger, CredentialFormat format, IReadOnlyList<Status.StatusCheckResult> results)
    {
        if (results.Count > 0 && logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873
            StatusCheckedLine(logger, format, string.Join(", ", results.Select(r => r.State.ToString().ToLowerInvariant())), results.Count(r => r.FromCache));
#pragma warning restore CA1873
        }
    }

    private static string Codes(IEnumerable<string> codes)
    {
        var list = string.Join(", ", codes.Distinct(StringComparer.Ordinal));
        return list.Length == 0 ? "none" : list;
    }

    public static void TransactionAnswered(ILogger logger, string requestId, bool valid, IEnumerable<string> failureCodes)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873
            TransactionAnsweredLine(logger, requestId, valid, Codes(failureCodes));
#pragma warning restore CA1873
        }
    }

    [LoggerMessage(EventId = VerifierEventIds.TransactionCreated, Level = LogLevel.Information, Message = "OpenID4VP transaction {RequestId} created ({ResponseMode})")]
    public static partial void TransactionCreated(ILogger logger, string requestId, string responseMode);

    [LoggerMessage(EventId = VerifierEventIds.TransactionAnswered, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "OpenID4VP transaction {RequestId} answered: valid {Valid}; failures: {FailureCodes}")]
    private static partial void TransactionAnsweredLine(ILogger logger, string requestId, bool valid, string failureCodes);

    [LoggerMessage(EventId = VerifierEventIds.Verified, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "A {Format} presentation verified: {DocTypes}; warnings: {WarningCodes}")]
    private static partial void Verified(ILogger logger, CredentialFormat format, string docTypes, string warningCodes);

    [LoggerMessage(EventId = VerifierEventIds.StatusChecked, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "Status lists checked for a {Format} presentation: {Outcomes}; {FromCache} from the cache")]
    private static partial void StatusCheckedLine(ILogger logger, CredentialFormat format, string outcomes, int fromCache);

    [LoggerMessage(EventId = VerifierEventIds.Failed, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "A {Format} presentation failed: {FailureCodes}; warnings: {WarningCodes}")]
    private static partial void Failed(ILogger logger, CredentialFormat format, string failureCodes, string warningCodes);
}
