namespace Honnin.Holder.Presentation;

/// <summary>
/// Whether a signed request may still be answered, in every format: it must say when it was made and until when
/// (<c>iat</c>, <c>exp</c>), now must lie between them (within the clock skew), and it may not declare a lifetime
/// longer than the wallet accepts — so a captured request stops working within minutes, whatever it says. A request
/// whose channel is bound to a live session (an ISO 18013-5 proximity session, whose transcript holds this session's
/// ephemeral keys) needs no time of its own.
/// </summary>
internal static class RequestFreshness
{
    /// <summary>Checks a request's times.</summary>
    /// <param name="issuedAt">Its <c>iat</c>, if any.</param>
    /// <param name="expiresAt">Its <c>exp</c>, if any.</param>
    /// <param name="now">The wallet's time.</param>
    /// <param name="options">The wallet's bounds.</param>
    /// <param name="sessionBound">Whether the request is bound to a live session, so that its times may be absent.</param>
    /// <returns>Null when it may be answered, otherwise a <see cref="RequesterProblem"/> code.</returns>
    public static string? Check(DateTimeOffset? issuedAt, DateTimeOffset? expiresAt, DateTimeOffset now, HolderOptions options, bool sessionBound)
    {
        if (issuedAt is null || expiresAt is null)
        {
            return sessionBound && issuedAt is null && expiresAt is null ? null : RequesterProblem.RequestTimeMissing;
        }

        var skew = options.RequestClockSkew;
        var fresh = expiresAt > issuedAt
            && expiresAt - issuedAt <= options.MaxRequestLifetime
            && now >= issuedAt - skew
            && now < expiresAt + skew;
        return fresh ? null : RequesterProblem.RequestNotFresh;
    }
}
