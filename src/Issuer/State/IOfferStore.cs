namespace Honnin.Issuer.State;

/// <summary>
/// The credential offers HR created (OpenID4VCI §4), from creation to issuance. An offer holds what will be issued — the
/// claim values — only until it is issued or withdrawn; then the values are erased and only the record of what was
/// issued stays (<see cref="IIssuedCredentialStore"/>, no values). Every change of state is a compare-and-set, so that
/// an offer is issued once however many instances of the issuer race for it.
/// </summary>
public interface IOfferStore
{
    /// <summary>Keeps a new offer.</summary>
    /// <param name="offer">The offer, in state <see cref="OfferState.Offered"/>; its id must be new.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The id or the transaction id is already kept, or the offer is not in state <see cref="OfferState.Offered"/>.</exception>
    Task AddAsync(OfferRecord offer, CancellationToken cancellationToken = default);

    /// <summary>Reads an offer.</summary>
    /// <param name="offerId">The offer's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The offer, or null.</returns>
    Task<OfferRecord?> GetAsync(string offerId, CancellationToken cancellationToken = default);

    /// <summary>Finds the deferred offer of a deferred issuance's transaction id.</summary>
    /// <param name="transactionId">The <c>transaction_id</c> the wallet polls with.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The offer, or null.</returns>
    Task<OfferRecord?> FindByTransactionAsync(string transactionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the offers, oldest first (claim values included only while an offer has them).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The offers.</returns>
    Task<IReadOnlyList<OfferRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Records HR's approval of an offer that needs one (deferred issuance).</summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the offer exists, needs approval and is neither issued nor withdrawn.</returns>
    Task<bool> ApproveAsync(string offerId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Defers an offer's issuance: from <see cref="OfferState.Offered"/> to <see cref="OfferState.Deferred"/>, keeping
    /// the transaction id and the holder's proven public keys so that the credentials can be issued to them later.
    /// </summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="transactionId">The new transaction id.</param>
    /// <param name="holderKeys">The holder's public keys, as JWK JSON, one per credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the offer was in state <see cref="OfferState.Offered"/> (false: someone else moved it first).</returns>
    /// <exception cref="ArgumentException">Another offer has this transaction id (nothing changes).</exception>
    Task<bool> DeferAsync(string offerId, string transactionId, IReadOnlyList<string> holderKeys, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes an offer, in one transaction: when it is in state <paramref name="expected"/>, it becomes
    /// <see cref="OfferState.Issued"/>, its claim values and holder keys are erased, and the records of the credentials
    /// issued for it are kept. Otherwise nothing changes.
    /// </summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="expected">The state it must be in (<see cref="OfferState.Offered"/> or <see cref="OfferState.Deferred"/>).</param>
    /// <param name="records">The records of the credentials issued; their ids must be new and distinct.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the offer was in the expected state and is now issued.</returns>
    /// <exception cref="ArgumentException">A record's id is already kept or appears twice, or a record names another offer (nothing changes).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expected"/> is neither <see cref="OfferState.Offered"/> nor <see cref="OfferState.Deferred"/>.</exception>
    Task<bool> CompleteAsync(string offerId, OfferState expected, IReadOnlyList<IssuedCredentialRecord> records, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Withdraws an offer that is not issued yet: it becomes <see cref="OfferState.Withdrawn"/> and its claim values are erased.</summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the offer was offered or deferred.</returns>
    Task<bool> WithdrawAsync(string offerId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a wallet's notification about an issued offer (OpenID4VCI §11: <c>credential_accepted</c>, <c>credential_failure</c>, <c>credential_deleted</c>).</summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="notificationEvent">The event.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the offer exists and is issued.</returns>
    Task<bool> RecordNotificationAsync(string offerId, string notificationEvent, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>An offer as the issuer keeps it.</summary>
/// <param name="Id">The offer's id (random, from <see cref="OfferRecord.NewId"/>).</param>
/// <param name="ConfigurationId">The <c>credential_configuration_id</c> offered.</param>
/// <param name="Claims">What will be issued (the claim values and pseudonyms, JSON), or null once issued or withdrawn.</param>
/// <param name="BatchSize">How many single-use credentials are issued for it.</param>
/// <param name="CreatedAt">When HR created it.</param>
/// <param name="ExpiresAt">When its code stops working.</param>
/// <param name="State">Where it is.</param>
public sealed record OfferRecord(
    string Id,
    string ConfigurationId,
    string? Claims,
    int BatchSize,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    OfferState State = OfferState.Offered)
{
    /// <summary>Whether HR must approve before the credentials are issued (the wallet gets a deferred answer until then).</summary>
    public bool RequiresApproval { get; init; }

    /// <summary>When HR approved, if it did.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>The deferred issuance's transaction id, once deferred.</summary>
    public string? TransactionId { get; init; }

    /// <summary>The holder's public keys (JWK JSON) kept for a deferred issuance; empty otherwise.</summary>
    public IReadOnlyList<string> HolderKeys { get; init; } = [];

    /// <summary>When it was issued or withdrawn.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The last notification the wallet sent, if any.</summary>
    public string? Notification { get; init; }

    /// <summary>A fresh offer id: 16 random bytes, base64url.</summary>
    /// <returns>The id.</returns>
    public static string NewId() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Names the offer and its state only; the claim values are personal data.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"OfferRecord({Id}, {ConfigurationId}, {State})";
}

/// <summary>Where an offer is.</summary>
public enum OfferState
{
    /// <summary>Created; no credential issued yet.</summary>
    Offered,

    /// <summary>The wallet asked and proved its keys; issuance waits for HR's approval.</summary>
    Deferred,

    /// <summary>Issued; the claim values are erased.</summary>
    Issued,

    /// <summary>Withdrawn by HR before issuance; the claim values are erased.</summary>
    Withdrawn,
}
