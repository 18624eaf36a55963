using Honnin.Verifier.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Honnin.AspNetCore;

/// <summary>
/// Removes the verifier's expired transactions with their results every few minutes
/// (<see cref="OpenId4VpVerifier.PurgeAsync"/>), so verified elements are kept no longer than
/// <see cref="OpenId4VpVerifierOptions.ResultRetention"/>. Every instance may run it: the store removes each row once.
/// </summary>
internal sealed partial class VerifierTransactionPurge(OpenId4VpVerifier verifier, ILogger<VerifierTransactionPurge> logger, TimeProvider? time = null) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time ?? TimeProvider.System);
        do
        {
            try
            {
                await verifier.PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store that is briefly unreachable is tried again at the next tick; the message names no value.
                PurgeFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = Verifier.Logging.VerifierEventIds.PurgeFailed, Level = LogLevel.Warning, Message = "Expired verifier transactions could not be purged ({Error}); trying again later")]
    private static partial void PurgeFailed(ILogger logger, string error);
}
