using Honnin.Crypto;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// How a <see cref="DpopProofValidator"/> checks DPoP proofs (RFC 9449): the algorithms it accepts, how fresh a proof
/// must be, and its server nonces (§8, §9) — whether proofs must carry one, how long one lasts, and the secret they are
/// made with.
/// </summary>
public sealed record DpopOptions
{
    /// <summary>The algorithms accepted by default: ES256, ES384 and EdDSA.</summary>
    public static readonly IReadOnlyList<CoseAlgorithm> DefaultAlgorithms = [CoseAlgorithm.ES256, CoseAlgorithm.ES384, CoseAlgorithm.EdDSA];

    /// <summary>
    /// The secret the server's DPoP nonces are made with: at least 32 random bytes, the same on every instance (kept in
    /// the host's secret store). It may be the <see cref="CNonceService"/>'s secret: the two derive separate keys from it.
    /// Never printed by <see cref="ToString"/>.
    /// </summary>
    public required ReadOnlyMemory<byte> NonceSecret { get; init; }

    /// <summary>The JWS algorithms a proof may use (asymmetric only; <c>none</c> and MACs are never accepted). Default <see cref="DefaultAlgorithms"/>; published as <c>dpop_signing_alg_values_supported</c>.</summary>
    public IReadOnlyCollection<CoseAlgorithm> AllowedAlgorithms { get; init; } = DefaultAlgorithms;

    /// <summary>How old a proof's <c>iat</c> may be. Default 5 minutes; between 1 second and 1 hour.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far in the future a proof's <c>iat</c> may be, for clients whose clocks run ahead. Default 60 seconds; at most 5 minutes.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether every proof must carry a nonce this server issued (RFC 9449 §8). Default true: a proof without one, or
    /// with one that has expired, is answered with <c>use_dpop_nonce</c> and a fresh nonce. A nonce that a proof does
    /// carry is checked either way.
    /// </summary>
    public bool RequireNonce { get; init; } = true;

    /// <summary>How long a server nonce is accepted; it may be used by any number of proofs until then. Default 5 minutes; between 10 seconds and 1 hour.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the options as the validator's constructor does, so a host can fail at start-up rather than at first use.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        HmacStamp.CheckSecret(NonceSecret.Span, nameof(NonceSecret));
        ProofJwtChecks.CheckAlgorithms(AllowedAlgorithms, nameof(AllowedAlgorithms));
        if (MaxAge < TimeSpan.FromSeconds(1) || MaxAge > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAge), "Between 1 second and 1 hour.");
        }

        if (MaxFutureSkew < TimeSpan.Zero || MaxFutureSkew > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFutureSkew), "Between 0 and 5 minutes.");
        }

        if (NonceLifetime < TimeSpan.FromSeconds(10) || NonceLifetime > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(NonceLifetime), "Between 10 seconds and 1 hour.");
        }
    }

    /// <summary>Names the policy, never the secret.</summary>
    /// <returns>A description.</returns>
    public override string ToString() =>
        $"DpopOptions(algorithms: {string.Join(", ", AllowedAlgorithms?.Select(a => a.ToString()) ?? [])}, max age: {MaxAge}, future skew: {MaxFutureSkew}, require nonce: {RequireNonce}, nonce lifetime: {NonceLifetime})";
}
