using System.Diagnostics.CodeAnalysis;
using Honnin.Jose;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// What <see cref="KeyProofValidator.ValidateAsync"/> found: the holder keys to bind the credentials to, one per proof
/// in proof order, or the OAuth error to answer the Credential Request with.
/// </summary>
public sealed class KeyProofResult : IProblemReport
{
    private KeyProofResult(IReadOnlyList<JsonWebKey> keys, string? error, string? errorDescription, int? failedProof)
    {
        Keys = keys;
        Error = error;
        ErrorDescription = errorDescription;
        FailedProof = failedProof;
        Failures = error is null ? [] : [new Problem(error, errorDescription!)];
    }

    /// <summary>Whether every proof passed and the request's nonce was spent.</summary>
    [MemberNotNullWhen(false, nameof(Error), nameof(ErrorDescription))]
    public bool IsValid => Error is null;

    /// <summary>The proven public keys, in the order of the proofs; empty when refused.</summary>
    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>
    /// The OAuth error code, when refused: <see cref="OAuthErrorCodes.InvalidProof"/>, <see cref="OAuthErrorCodes.InvalidNonce"/>
    /// (the wallet gets a new <c>c_nonce</c> and tries again), or <see cref="OAuthErrorCodes.InvalidCredentialRequest"/>
    /// (no proofs, or more than the batch size).
    /// </summary>
    public string? Error { get; }

    /// <summary>Why, for <c>error_description</c>: names the proof by position and the rule it broke, never a proof, nonce or key.</summary>
    public string? ErrorDescription { get; }

    /// <summary>The zero-based index of the proof that was refused, when one proof was the cause.</summary>
    public int? FailedProof { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Problem> Failures { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Problem> Warnings => [];

    /// <summary>The outcome, the number of keys or the error, never the keys or the proofs.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => IsValid
        ? "KeyProofResult(valid, " + Keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " keys)"
        : "KeyProofResult(" + Error + ": " + ErrorDescription + ")";

    internal static KeyProofResult Valid(IReadOnlyList<JsonWebKey> keys) => new(keys, null, null, null);

    internal static KeyProofResult Refused(string error, string description, int? failedProof = null) => new([], error, description, failedProof);
}
