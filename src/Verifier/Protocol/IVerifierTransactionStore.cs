namespace Honnin.Verifier.Protocol;

/// <summary>
/// Where a verifier service keeps its OpenID4VP transactions, shared by every instance of the service. The store
/// decides which answer wins: a transaction is answered once, whichever instance receives the response, and a replayed
/// response finds it answered. It holds the transaction's ephemeral private key until the answer arrives, and the
/// verified elements of the answer until the transaction is purged: keep it where the service's secrets are kept.
/// </summary>
public interface IVerifierTransactionStore
{
    /// <summary>Keeps a new, pending transaction.</summary>
    /// <param name="transaction">The transaction (its <see cref="VerifierTransaction.Outcome"/> is null).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">A transaction with the same id or request id is already kept, or this one is already answered.</exception>
    Task AddAsync(VerifierTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Reads a transaction by its id.</summary>
    /// <param name="id">The transaction's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction, or null when none has that id.</returns>
    Task<VerifierTransaction?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a transaction by the request id its <c>request_uri</c> and <c>response_uri</c> carry.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction, or null when none has that request id.</returns>
    Task<VerifierTransaction?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Reads the transaction a same-device redirect's response code belongs to.</summary>
    /// <param name="responseCodeHash">The SHA-256 (hex) of the response code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The answered transaction, or null when no answer has that code.</returns>
    Task<VerifierTransaction?> FindByResponseCodeAsync(string responseCodeHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Spends a same-device redirect's response code: the first call, on any instance, gets the answered transaction;
    /// every later call finds nothing, so a code copied from the redirect reads the result at most once.
    /// </summary>
    /// <param name="responseCodeHash">The SHA-256 (hex) of the response code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The answered transaction, or null when no answer has that code or it was spent.</returns>
    Task<VerifierTransaction?> RedeemResponseCodeAsync(string responseCodeHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the answer of a pending transaction, atomically and once: it succeeds only when the transaction is kept,
    /// not yet answered and not expired at <see cref="VerifierTransactionOutcome.AnsweredAt"/>; the ephemeral private key
    /// is erased with it.
    /// </summary>
    /// <param name="id">The transaction's id.</param>
    /// <param name="outcome">The answer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>True when this call recorded the answer; false when the transaction is unknown, expired or already answered (or, practically never, another answer holds the same response code).</returns>
    Task<bool> TryCompleteAsync(string id, VerifierTransactionOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>Removes the transactions that expired before <paramref name="before"/>, answered or not.</summary>
    /// <param name="before">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were removed.</returns>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
