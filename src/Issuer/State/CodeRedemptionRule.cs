using System.Security.Cryptography;

namespace Honnin.Issuer.State;

/// <summary>
/// The one rule every <see cref="IPreAuthorizedCodeStore"/> applies to a redemption, inside its transaction: redeemed
/// and invalidated codes stay so; an expired code is refused without counting an attempt; a transaction code sent for a
/// code that needs none is refused without redeeming; a missing or wrong transaction code counts one, and the one that
/// reaches the limit invalidates the code.
/// </summary>
public static class CodeRedemptionRule
{
    /// <summary>Decides a redemption from the stored row.</summary>
    /// <param name="redeemed">Whether the code was redeemed.</param>
    /// <param name="invalidated">Whether it was invalidated.</param>
    /// <param name="expiresAt">When it expires.</param>
    /// <param name="transactionCodeDigest">The stored transaction code digest, or null when none is required.</param>
    /// <param name="attempts">Wrong attempts so far.</param>
    /// <param name="maxAttempts">The limit.</param>
    /// <param name="code">The code sent.</param>
    /// <param name="transactionCode">The transaction code sent.</param>
    /// <param name="now">The time.</param>
    /// <returns>The outcome and the attempt count to store.</returns>
    public static (CodeRedemptionOutcome Outcome, int Attempts) Decide(
        bool redeemed, bool invalidated, DateTimeOffset expiresAt, byte[]? transactionCodeDigest, int attempts, int maxAttempts, string code, string? transactionCode, DateTimeOffset now)
    {
        if (redeemed)
        {
            return (CodeRedemptionOutcome.AlreadyRedeemed, attempts);
        }

        if (invalidated)
        {
            return (CodeRedemptionOutcome.Invalidated, attempts);
        }

        if (now >= expiresAt)
        {
            return (CodeRedemptionOutcome.Expired, attempts);
        }

        if (transactionCodeDigest is null && transactionCode is not null)
        {
            // OpenID4VCI §6.3: a transaction code the offer does not ask for is refused, and the code stays unredeemed.
            return (CodeRedemptionOutcome.UnexpectedTransactionCode, attempts);
        }

        if (transactionCodeDigest is not null
            && (transactionCode is null || !CryptographicOperations.FixedTimeEquals(transactionCodeDigest, PreAuthorizedCodeGrant.TransactionCodeDigest(code, transactionCode))))
        {
            attempts++;
            return (attempts >= maxAttempts ? CodeRedemptionOutcome.Invalidated : CodeRedemptionOutcome.WrongTransactionCode, attempts);
        }

        return (CodeRedemptionOutcome.Redeemed, attempts);
    }
}
