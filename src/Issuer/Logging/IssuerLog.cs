using Microsoft.Extensions.Logging;

namespace Honnin.Issuer.Logging;

/// <summary>The issuers' log lines (see <see cref="IssuerEventIds"/>).</summary>
internal static partial class IssuerLog
{
    [LoggerMessage(EventId = IssuerEventIds.Issued, Level = LogLevel.Information, Message = "Issued a {Format} credential of {DocType}")]
    public static partial void Issued(ILogger logger, CredentialFormat format, string docType);

    [LoggerMessage(EventId = IssuerEventIds.OfferCreated, Level = LogLevel.Information, Message = "Created offer {OfferId} of {ConfigurationId} for {BatchSize} credential(s)")]
    public static partial void OfferCreated(ILogger logger, string offerId, string configurationId, int batchSize);

    [LoggerMessage(EventId = IssuerEventIds.OfferWithdrawn, Level = LogLevel.Information, Message = "Withdrew offer {OfferId}")]
    public static partial void OfferWithdrawn(ILogger logger, string offerId);

    [LoggerMessage(EventId = IssuerEventIds.TokenIssued, Level = LogLevel.Information, Message = "Redeemed the code of offer {OfferId} for an access token")]
    public static partial void TokenIssued(ILogger logger, string offerId);

    [LoggerMessage(EventId = IssuerEventIds.OfferIssued, Level = LogLevel.Information, Message = "Issued {Count} credential(s) for offer {OfferId}")]
    public static partial void OfferIssued(ILogger logger, string offerId, int count);

    [LoggerMessage(EventId = IssuerEventIds.IssuanceDeferred, Level = LogLevel.Information, Message = "Deferred offer {OfferId} until HR approves it")]
    public static partial void IssuanceDeferred(ILogger logger, string offerId);

    [LoggerMessage(EventId = IssuerEventIds.RequestRefused, Level = LogLevel.Warning, Message = "Refused a request to the {Endpoint} endpoint: {Error}")]
    public static partial void RequestRefused(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = IssuerEventIds.Notified, Level = LogLevel.Information, Message = "Offer {OfferId}: the wallet notified {Event}")]
    public static partial void Notified(ILogger logger, string offerId, string @event);
}
