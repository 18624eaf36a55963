using Microsoft.Extensions.Logging;

namespace Honnin.Issuer.Logging;

/// <summary>The issuers' log lines (see <see cref="IssuerEventIds"/>).</summary>
internal static partial class IssuerLog
{
    [LoggerMessage(EventId = IssuerEventIds.Issued, Level = LogLevel.Information, Message = "Issued a {Format} credential of {DocType}")]
    public static partial void Issued(ILogger logger, CredentialFormat format, string docType);
}
