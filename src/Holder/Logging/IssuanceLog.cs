using Honnin.Holder.Issuance;
using Microsoft.Extensions.Logging;

namespace Honnin.Holder.Logging;

/// <summary>
/// The OpenID4VCI client's log lines (see <see cref="HolderEventIds"/>): types, counts and codes; never the issuer (whom a
/// person deals with is personal), a code, a token, a key or a claim value.
/// </summary>
internal static partial class IssuanceLog
{
    public static void Previewed(ILogger logger, OfferPreview preview)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            // The arguments are built only past the IsEnabled check above (CA1873 cannot see it).
#pragma warning disable CA1873
            OfferPreviewed(logger, string.Join(", ", preview.Credentials.Select(c => $"{c.Type} ({c.Format}, {c.BatchSize})")), preview.RequiresTransactionCode);
#pragma warning restore CA1873
        }
    }

    [LoggerMessage(EventId = HolderEventIds.OfferPreviewed, Level = LogLevel.Information, SkipEnabledCheck = true, Message = "Previewed an offer of {Credentials}; transaction code required: {TransactionCode}")]
    private static partial void OfferPreviewed(ILogger logger, string credentials, bool transactionCode);

    [LoggerMessage(EventId = HolderEventIds.CredentialsReceived, Level = LogLevel.Information, Message = "Received and stored {Count} {Format} credential(s) of {Type}")]
    public static partial void Received(ILogger logger, CredentialFormat format, string type, int count);

    [LoggerMessage(EventId = HolderEventIds.IssuanceDeferred, Level = LogLevel.Information, Message = "The issuer deferred the {Format} credential(s) of {Type}; it asks to wait {Interval} s between asks")]
    public static partial void Deferred(ILogger logger, CredentialFormat format, string type, int interval);

    [LoggerMessage(EventId = HolderEventIds.IssuanceFailed, Level = LogLevel.Warning, Message = "Receiving an offered credential failed: {Code} (issuer error: {IssuerError})")]
    private static partial void IssuanceFailed(ILogger logger, string code, string issuerError);

    public static void Failed(ILogger logger, string code, string? issuerError) => IssuanceFailed(logger, code, issuerError ?? "none");

    [LoggerMessage(EventId = HolderEventIds.NotificationNotDelivered, Level = LogLevel.Warning, Message = "The issuer could not be told {Event}: HTTP {Status} ({Error})")]
    private static partial void NotificationNotDelivered(ILogger logger, string @event, int status, string error);

    public static void NotNotified(ILogger logger, string @event, int status, string? error) => NotificationNotDelivered(logger, @event, status, error ?? "none");
}
