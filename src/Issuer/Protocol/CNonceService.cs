using Honnin.Issuer.State;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// The nonces of OpenID4VCI's nonce endpoint (§7): a wallet asks for a <c>c_nonce</c>, puts it in its key proofs, and
/// the credential endpoint accepts each nonce once, before it expires. A nonce carries its own expiry and an HMAC under
/// the issuer's secret, so issuing one stores nothing and any instance recognises it; using one records it in the
/// <see cref="IReplayStore"/>, so that it is accepted once across every instance.
/// </summary>
public sealed class CNonceService
{
    /// <summary>The default lifetime of a nonce.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private const string ReplayScope = "c_nonce";

    private readonly HmacStamp _stamp;
    private readonly IReplayStore _replay;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;

    /// <summary>Creates the service.</summary>
    /// <param name="secret">The issuer's nonce secret, at least 32 random bytes, the same on every instance (kept in the host's secret store).</param>
    /// <param name="replay">Where used nonces are recorded.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="lifetime">How long a nonce may be used; <see cref="DefaultLifetime"/> when null (between 10 s and 1 h).</param>
    /// <exception cref="ArgumentException">The secret is shorter than 32 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is out of range.</exception>
    public CNonceService(ReadOnlySpan<byte> secret, IReplayStore replay, TimeProvider? timeProvider = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(replay);
        HmacStamp.CheckSecret(secret, nameof(secret));
        _lifetime = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThan(_lifetime, TimeSpan.FromSeconds(10), nameof(lifetime));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_lifetime, TimeSpan.FromHours(1), nameof(lifetime));
        _stamp = new HmacStamp(secret, ReplayScope);
        _replay = replay;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A fresh nonce.</summary>
    /// <returns>The nonce, base64url.</returns>
    public string Issue() => _stamp.Issue(_timeProvider.GetUtcNow() + _lifetime);

    /// <summary>The nonce endpoint's response body, <c>{"c_nonce": "…"}</c> (to be sent with <c>Cache-Control: no-store</c>).</summary>
    /// <returns>The JSON text.</returns>
    public string IssueResponse() => new System.Text.Json.Nodes.JsonObject { ["c_nonce"] = Issue() }.ToJsonString();

    /// <summary>Accepts a nonce from a key proof, once.</summary>
    /// <param name="nonce">The proof's nonce.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was found; only <see cref="CNonceCheck.Accepted"/> lets the proof through.</returns>
    public async Task<CNonceCheck> UseAsync(string? nonce, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        var status = _stamp.Read(nonce, now, out var expires);
        if (status != HmacStampStatus.Valid)
        {
            return status switch
            {
                HmacStampStatus.Malformed => CNonceCheck.Malformed,
                HmacStampStatus.Forged => CNonceCheck.NotIssued,
                _ => CNonceCheck.Expired,
            };
        }

        return await _replay.TryUseAsync(ReplayScope, nonce!, expires, now, cancellationToken).ConfigureAwait(false) ? CNonceCheck.Accepted : CNonceCheck.Used;
    }
}

/// <summary>What <see cref="CNonceService.UseAsync"/> found.</summary>
public enum CNonceCheck
{
    /// <summary>Issued here, not expired, not used before: accepted, and now used.</summary>
    Accepted,

    /// <summary>Not a nonce of this issuer's form.</summary>
    Malformed,

    /// <summary>Its tag does not verify: not issued with this issuer's secret.</summary>
    NotIssued,

    /// <summary>Its lifetime is over: the wallet asks for a new one (<c>invalid_nonce</c>).</summary>
    Expired,

    /// <summary>Used before: a replayed proof.</summary>
    Used,
}
