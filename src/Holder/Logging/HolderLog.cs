using Honnin.Holder.Presentation;
using Microsoft.Extensions.Logging;

namespace Honnin.Holder.Logging;

/// <summary>The wallet's log lines (see <see cref="HolderEventIds"/>): counts, ids and codes only.</summary>
internal static partial class HolderLog
{
    public static void Stored(ILogger logger, Credentials.StoredCredential credential) =>
        CredentialStored(logger, credential.Format, credential.DocType, credential.Id, credential.BatchId is not null);

    public static PresentationPlan Planned(ILogger logger, PresentationPlan plan)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elements = plan.Documents.SelectMany(d => d.Elements).ToList();
            // The arguments are built only past the IsEnabled check above (CA1873 cannot see it).
#pragma warning disable CA1873
            PresentationPlanned(
                logger,
                plan.Format,
                string.Join(", ", plan.Documents.Select(d => d.DocType).Distinct(StringComparer.Ordinal)),
                elements.Count(e => e.Decision == ElementDecision.Disclose),
                elements.Count(e => e.Decision == ElementDecision.NeedsConfirmation),
                elements.Count(e => e.Decision == ElementDecision.Excluded),
                elements.Count(e => e.Decision == ElementDecision.Refused),
                elements.Count(e => e.Decision == ElementDecision.NotHeld),
                plan.Requester.Authenticated,
                plan.Requester.Problems.Count == 0 ? "none" : string.Join(", ", plan.Requester.Problems));
#pragma warning restore CA1873
        }

        if (logger.IsEnabled(LogLevel.Debug) && plan.Requester.Subject is { } subject)
        {
            PresentationRequester(logger, subject, plan.Requester.ClientId?.Value ?? "none");
        }

        return plan;
    }

    public static void Presented(ILogger logger, CredentialFormat format, PresentationRecord record) =>
        Presentation(logger, format, record.DocType, record.CredentialId, record.Elements.Count);

    [LoggerMessage(EventId = HolderEventIds.CredentialStored, Level = LogLevel.Information, Message = "Stored a {Format} credential of {DocType} as {CredentialId} (in a batch: {InBatch})")]
    private static partial void CredentialStored(ILogger logger, CredentialFormat format, string docType, string credentialId, bool inBatch);

    [LoggerMessage(EventId = HolderEventIds.PresentationPlanned, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "Planned a {Format} presentation of {DocTypes}: {Disclose} to disclose, {Awaiting} awaiting confirmation, {Excluded} excluded, {Refused} refused, {NotHeld} not held; requester authenticated: {Authenticated}, problems: {Problems}")]
    private static partial void PresentationPlanned(ILogger logger, CredentialFormat format, string docTypes, int disclose, int awaiting, int excluded, int refused, int notHeld, bool authenticated, string problems);

    [LoggerMessage(EventId = HolderEventIds.PresentationRequester, Level = LogLevel.Debug, SkipEnabledCheck = true, Message = "The requester of the planned presentation: {Subject} ({ClientId})")]
    private static partial void PresentationRequester(ILogger logger, string subject, string clientId);

    [LoggerMessage(EventId = HolderEventIds.Presented, Level = LogLevel.Information, Message = "Presented {ElementCount} element(s) of the {Format} credential {CredentialId} ({DocType})")]
    private static partial void Presentation(ILogger logger, CredentialFormat format, string docType, string credentialId, int elementCount);
}
