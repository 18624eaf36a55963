using Honnin.Crypto;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// How a <see cref="KeyProofValidator"/> checks the <c>proofs.jwt</c> of Credential Requests (OpenID4VCI 1.0 Appendix
/// F.1, F.4): the issuer the proofs are addressed to, the algorithms and batch size it publishes, how fresh a proof
/// must be, and how long a proven key is remembered so that it is not bound to a second request.
/// </summary>
public sealed record KeyProofOptions
{
    /// <summary>The algorithms accepted by default: ES256, ES384 and EdDSA.</summary>
    public static readonly IReadOnlyList<CoseAlgorithm> DefaultAlgorithms = [CoseAlgorithm.ES256, CoseAlgorithm.ES384, CoseAlgorithm.EdDSA];

    /// <summary>The Credential Issuer Identifier, exactly as published in <c>credential_issuer</c>: every proof's <c>aud</c>. Required.</summary>
    public required string CredentialIssuer { get; init; }

    /// <summary>The JWS algorithms a proof may use, as published in <c>proof_signing_alg_values_supported</c> (asymmetric only; <c>none</c> and MACs are never accepted). Default <see cref="DefaultAlgorithms"/>.</summary>
    public IReadOnlyCollection<CoseAlgorithm> AllowedAlgorithms { get; init; } = DefaultAlgorithms;

    /// <summary>The most proofs one request may carry: the published <c>batch_credential_issuance.batch_size</c>, or 1 when batches are not offered. Default 1; at most 100.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>How old a proof's <c>iat</c> may be. Default 5 minutes; between 1 second and 1 hour.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far in the future a proof's <c>iat</c> may be, for wallets whose clocks run ahead. Default 60 seconds; at most 5 minutes.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a proven key is remembered (<see cref="State.IReplayStore"/> scope <c>proof_key</c>), so that a key
    /// proven in one request is refused in any later one: credentials bound to one key would be linkable. Default two
    /// years (about the longest validity of a credential); between one day and ten years.
    /// </summary>
    public TimeSpan KeyReuseHorizon { get; init; } = TimeSpan.FromDays(730);

    /// <summary>Checks the options as the validator's constructor does, so a host can fail at start-up rather than at first use.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(CredentialIssuer);
        ProofJwtChecks.CheckAlgorithms(AllowedAlgorithms, nameof(AllowedAlgorithms));
        if (BatchSize is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), "Between 1 and 100 proofs per request.");
        }

        if (MaxAge < TimeSpan.FromSeconds(1) || MaxAge > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAge), "Between 1 second and 1 hour.");
        }

        if (MaxFutureSkew < TimeSpan.Zero || MaxFutureSkew > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFutureSkew), "Between 0 and 5 minutes.");
        }

        if (KeyReuseHorizon < TimeSpan.FromDays(1) || KeyReuseHorizon > TimeSpan.FromDays(3653))
        {
            throw new ArgumentOutOfRangeException(nameof(KeyReuseHorizon), "Between one day and ten years.");
        }
    }
}
