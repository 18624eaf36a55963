namespace Honnin.Verifier.Protocol;

/// <summary>
/// One OpenID4VP request a verifier service made and the answer it got: what was asked (a DCQL query and the purpose
/// stated to the person), the values the answer must be bound to, and — once a wallet answered — the verified result.
/// A transaction is answered at most once.
/// </summary>
/// <param name="Id">The transaction's identifier, given only to the requesting system (it reads the result with it).</param>
/// <param name="RequestId">The identifier in the <c>request_uri</c> and <c>response_uri</c>, given to the wallet; it does not read the result.</param>
/// <param name="Nonce">The nonce the presentations must carry.</param>
/// <param name="State">The <c>state</c> the response must return.</param>
/// <param name="Query">The DCQL query, as JSON.</param>
/// <param name="Purpose">What the verifier says the elements are for, shown to the person; null when the registration's purpose stands.</param>
/// <param name="ResponseMode"><c>direct_post</c> or <c>direct_post.jwt</c>.</param>
/// <param name="EncryptionKey">For <c>direct_post.jwt</c>: the transaction's own ephemeral private key (a private JWK), erased when the transaction is answered; null otherwise.</param>
/// <param name="CreatedAt">When the transaction was made.</param>
/// <param name="ExpiresAt">Until when a wallet may answer it.</param>
/// <param name="Outcome">The answer, once a wallet gave one; null while pending.</param>
public sealed record VerifierTransaction(
    string Id,
    string RequestId,
    string Nonce,
    string State,
    string Query,
    string? Purpose,
    string ResponseMode,
    string? EncryptionKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    VerifierTransactionOutcome? Outcome = null)
{
    /// <summary>Whether a wallet answered.</summary>
    public bool IsAnswered => Outcome is not null;

    /// <summary>Whether a wallet may still answer at <paramref name="now"/>: not answered, not expired.</summary>
    /// <param name="now">The verifier's time.</param>
    /// <returns>True while the transaction waits for its answer.</returns>
    public bool IsOpenAt(DateTimeOffset now) => Outcome is null && now < ExpiresAt;
}

/// <summary>What became of a transaction once a wallet answered.</summary>
/// <param name="AnsweredAt">When the answer arrived.</param>
/// <param name="Valid">Whether the answer verified and satisfied the query.</param>
/// <param name="Result">The result for the requesting system, as JSON: the verified elements, or the failures.</param>
/// <param name="ResponseCode">The SHA-256 (hex) of the response code handed to a same-device redirect; null when the wallet was not redirected.</param>
public sealed record VerifierTransactionOutcome(DateTimeOffset AnsweredAt, bool Valid, string Result, string? ResponseCode);
