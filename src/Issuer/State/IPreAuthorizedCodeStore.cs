namespace Honnin.Issuer.State;

/// <summary>
/// Pre-authorized codes of credential offers (OpenID4VCI §3.5) and their transaction codes: each code is redeemed at
/// most once, however many instances of the issuer try at the same moment, and a transaction code guessed wrong too
/// often invalidates the code. Stores keep digests of codes, never the codes themselves.
/// </summary>
public interface IPreAuthorizedCodeStore
{
    /// <summary>Keeps a new code.</summary>
    /// <param name="grant">The code, its offer, its transaction code and limits.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The code is already kept.</exception>
    Task AddAsync(PreAuthorizedCodeGrant grant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Redeems a code, atomically: the first redemption with the right transaction code (when one is required) before
    /// the code expires wins; every later one is <see cref="CodeRedemptionOutcome.AlreadyRedeemed"/>. A wrong or missing
    /// transaction code counts an attempt; the attempt that reaches the limit invalidates the code for good.
    /// </summary>
    /// <param name="code">The code the wallet sent.</param>
    /// <param name="transactionCode">The transaction code the wallet sent, if any.</param>
    /// <param name="now">The issuer's time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What happened.</returns>
    Task<CodeRedemption> RedeemAsync(string code, string? transactionCode, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A pre-authorized code as the issuer creates it with an offer.</summary>
/// <param name="Code">The code (high-entropy, from <see cref="PreAuthorizedCodeGrant.NewCode"/>).</param>
/// <param name="OfferId">The offer it redeems.</param>
/// <param name="TransactionCode">The transaction code the person must type (OpenID4VCI <c>tx_code</c>), or null.</param>
/// <param name="ExpiresAt">When the code stops working.</param>
/// <param name="MaxTransactionCodeAttempts">Wrong transaction codes accepted before the code is invalidated.</param>
public sealed record PreAuthorizedCodeGrant(string Code, string OfferId, string? TransactionCode, DateTimeOffset ExpiresAt, int MaxTransactionCodeAttempts = 5)
{
    /// <summary>A fresh code: 32 random bytes, base64url.</summary>
    /// <returns>The code.</returns>
    public static string NewCode() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The digest a store keeps for a code: SHA-256, hex.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The digest.</returns>
    public static string CodeDigest(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));
    }

    /// <summary>The digest a store keeps for a transaction code: SHA-256 over the code and the transaction code, so that it means nothing without the code.</summary>
    /// <param name="code">The code.</param>
    /// <param name="transactionCode">The transaction code.</param>
    /// <returns>The digest.</returns>
    public static byte[] TransactionCodeDigest(string code, string transactionCode)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(transactionCode);
        return System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code + "\n" + transactionCode));
    }

    /// <summary>Names the offer only; the codes are secrets.</summary>
    public override string ToString() => $"PreAuthorizedCodeGrant(offer {OfferId})";
}

/// <summary>What a redemption did.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="OfferId">The offer, when redeemed.</param>
/// <param name="AttemptsLeft">Transaction code attempts left, after a wrong one.</param>
public sealed record CodeRedemption(CodeRedemptionOutcome Outcome, string? OfferId = null, int AttemptsLeft = 0);

/// <summary>The outcome of a redemption.</summary>
public enum CodeRedemptionOutcome
{
    /// <summary>Redeemed now, by this call.</summary>
    Redeemed,

    /// <summary>No such code.</summary>
    Unknown,

    /// <summary>The code expired.</summary>
    Expired,

    /// <summary>The code was redeemed before.</summary>
    AlreadyRedeemed,

    /// <summary>The transaction code was missing or wrong; attempts are left.</summary>
    WrongTransactionCode,

    /// <summary>Too many wrong transaction codes: the code no longer works.</summary>
    Invalidated,

    /// <summary>A transaction code came for a code that needs none; the code is not redeemed.</summary>
    UnexpectedTransactionCode,
}
