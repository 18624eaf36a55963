using Honnin.DocumentTypes;

namespace Honnin.Issuer.Protocol;

/// <summary>How an OpenID4VCI issuer service runs: who it is, what it offers, its secret, and its limits.</summary>
public sealed record OpenId4VciIssuerOptions
{
    /// <summary>
    /// The Credential Issuer Identifier: an https URL without query or fragment (plain http only on loopback). The
    /// endpoints are under it; it is also the authorization server's issuer identifier.
    /// </summary>
    public required string CredentialIssuer { get; init; }

    /// <summary>The issuer's name in Japanese (e.g. 株式会社本人), shown by wallets.</summary>
    public required string NameJa { get; init; }

    /// <summary>The issuer's name in English.</summary>
    public required string NameEn { get; init; }

    /// <summary>
    /// The service's secret, at least 32 random bytes, the same on every instance and kept in the host's secret store:
    /// c_nonces, DPoP nonces, access tokens and pre-authorized codes are derived from or authenticated under it.
    /// </summary>
    public required ReadOnlyMemory<byte> Secret { get; init; }

    /// <summary>The document types offered (each in the formats whose issuer is configured); every registered type when empty.</summary>
    public IReadOnlyList<DocumentType> DocumentTypes { get; init; } = [];

    /// <summary>The largest batch of single-use credentials one offer may carry (<c>batch_credential_issuance.batch_size</c>).</summary>
    public int MaxBatchSize { get; init; } = 10;

    /// <summary>How long an offer's pre-authorized code works after HR created it.</summary>
    public TimeSpan OfferLifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long an access token is accepted; a deferred issuance is fetched within it.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Digits of a generated transaction code (<c>tx_code</c>).</summary>
    public int TransactionCodeLength { get; init; } = 6;

    /// <summary>Wrong transaction codes accepted before an offer's code stops working.</summary>
    public int MaxTransactionCodeAttempts { get; init; } = 5;

    /// <summary>Seconds a wallet waits between polls of a deferred issuance.</summary>
    public int DeferredInterval { get; init; } = 5;

    /// <summary>The status list every issued credential gets an entry in (its URI, also the list's id), or null for none.</summary>
    public string? StatusListUri { get; init; }

    /// <summary>The status list's size (indices 0 to size − 1).</summary>
    public int StatusListSize { get; init; } = 1 << 17;

    /// <summary>
    /// Whether the service also offers the authorization code flow (PAR, PKCE S256, DPoP) for offers that name an
    /// employee: the host authenticates the employee at the authorization endpoint (<c>AuthorizeAsync</c>).
    /// </summary>
    public bool AuthorizationCodeFlow { get; init; }

    /// <summary>Whether a My Number (個人番号) may appear in offered claims, and on what legal basis.</summary>
    public MyNumberPolicy MyNumbers { get; init; } = MyNumberPolicy.Refuse;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (!OpenId4Vc.CredentialOffer.IsIssuerIdentifier(CredentialIssuer))
        {
            throw new ArgumentException("CredentialIssuer is an https URL without query or fragment (plain http only on loopback).", nameof(CredentialIssuer));
        }

        if (string.IsNullOrWhiteSpace(NameJa) || string.IsNullOrWhiteSpace(NameEn))
        {
            throw new ArgumentException("The issuer needs a name in Japanese and in English.", nameof(NameJa));
        }

        if (Secret.Length < 32)
        {
            throw new ArgumentException("The secret has at least 32 random bytes.", nameof(Secret));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchSize, OpenId4Vc.CredentialRequest.MaxProofs, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(OfferLifetime, TimeSpan.FromMinutes(1), nameof(OfferLifetime));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OfferLifetime, TimeSpan.FromDays(90), nameof(OfferLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransactionCodeLength, 4, nameof(TransactionCodeLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TransactionCodeLength, 12, nameof(TransactionCodeLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactionCodeAttempts, 1, nameof(MaxTransactionCodeAttempts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTransactionCodeAttempts, 10, nameof(MaxTransactionCodeAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeferredInterval, 1, nameof(DeferredInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(StatusListSize, 16, nameof(StatusListSize));
        if (StatusListUri is not null && !OpenId4Vc.CredentialOffer.IsIssuerIdentifier(StatusListUri))
        {
            throw new ArgumentException("StatusListUri is an https URL (plain http only on loopback).", nameof(StatusListUri));
        }
    }
}
