using System.Diagnostics.CodeAnalysis;
using Honnin.Jose;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// What <see cref="DpopProofValidator.ValidateAsync"/> found: the proof's public key and its thumbprint (the
/// <c>jkt</c> to bind an access token to, or to compare with the token's <c>cnf.jkt</c>), or the OAuth error to
/// answer with. <see cref="Nonce"/> is the value for a <c>DPoP-Nonce</c> response header, when there is one to send.
/// </summary>
public sealed class DpopProofResult : IProblemReport
{
    private DpopProofResult(JsonWebKey? key, string? thumbprint, string? error, string? errorDescription, string? nonce)
    {
        Key = key;
        Thumbprint = thumbprint;
        Error = error;
        ErrorDescription = errorDescription;
        Nonce = nonce;
        Failures = error is null ? [] : [new Problem(error, errorDescription!)];
    }

    /// <summary>Whether the proof passed every check.</summary>
    [MemberNotNullWhen(true, nameof(Key), nameof(Thumbprint))]
    [MemberNotNullWhen(false, nameof(Error), nameof(ErrorDescription))]
    public bool IsValid => Error is null;

    /// <summary>The public key that signed the proof, when it is valid.</summary>
    public JsonWebKey? Key { get; }

    /// <summary>The key's RFC 7638 SHA-256 thumbprint, base64url (the <c>jkt</c>), when the proof is valid.</summary>
    public string? Thumbprint { get; }

    /// <summary>The OAuth error code (<see cref="OAuthErrorCodes.InvalidDpopProof"/> or <see cref="OAuthErrorCodes.UseDpopNonce"/>), when the proof is refused.</summary>
    public string? Error { get; }

    /// <summary>Why, for <c>error_description</c>: names claims and rules, never a token, nonce or key.</summary>
    public string? ErrorDescription { get; }

    /// <summary>
    /// A fresh server nonce for the <c>DPoP-Nonce</c> response header: always with <see cref="OAuthErrorCodes.UseDpopNonce"/>,
    /// with any refusal when nonces are required, and with a success whose nonce is past half its lifetime (RFC 9449
    /// §8.2); null when there is nothing to send.
    /// </summary>
    public string? Nonce { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Problem> Failures { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Problem> Warnings => [];

    /// <summary>The outcome and the error code, never the key, the nonce or the proof.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => IsValid ? "DpopProofResult(valid)" : "DpopProofResult(" + Error + ": " + ErrorDescription + ")";

    internal static DpopProofResult Valid(JsonWebKey key, string thumbprint, string? nonce) => new(key, thumbprint, null, null, nonce);

    internal static DpopProofResult Refused(string error, string description, string? nonce) => new(null, null, error, description, nonce);
}
