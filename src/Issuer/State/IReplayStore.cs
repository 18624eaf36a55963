namespace Honnin.Issuer.State;

/// <summary>
/// Values that may be used once: a <c>c_nonce</c> spent by a credential request, a DPoP proof's <c>jti</c> (RFC 9449
/// §11.1), a key proof. The first use of a value in a scope wins across every instance; a value is remembered until it
/// expires, after which it may be forgotten.
/// </summary>
public interface IReplayStore
{
    /// <summary>Uses a value once.</summary>
    /// <param name="scope">What the value is (e.g. <c>dpop_jti</c>, <c>c_nonce</c>).</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When it can be forgotten (the value itself stops being accepted by then).</param>
    /// <param name="now">The issuer's time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>True the first time; false when it was used before and has not expired.</returns>
    Task<bool> TryUseAsync(string scope, string value, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses several values of one scope at once, all or none: true when none of them was used before (and all are used
    /// now), false when any was (and none is used by this call) — e.g. the keys of a batch's proofs, so that a request
    /// refused for one key spends none of the others.
    /// </summary>
    /// <param name="scope">What the values are.</param>
    /// <param name="values">The values, distinct.</param>
    /// <param name="expiresAt">When they can be forgotten.</param>
    /// <param name="now">The issuer's time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether all were unused.</returns>
    /// <exception cref="ArgumentException">A value appears twice.</exception>
    Task<bool> TryUseAllAsync(string scope, IReadOnlyList<string> values, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);
}
