using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Issuer.State;
using Honnin.StatusLists;

namespace Honnin.Issuer.StatusLists;

/// <summary>
/// The issuer's side of revocation (draft-ietf-oauth-status-list): sets an issued credential's entry to valid, invalid
/// (revoked) or suspended in the <see cref="IStatusListStore"/>, and publishes a list as a signed Status List Token — a
/// <c>statuslist+jwt</c> or an <c>application/statuslist+cwt</c> — with <c>sub</c> the list's URI, <c>iat</c>,
/// <c>exp</c> and <c>ttl</c>. Indices nobody was given read as valid, so the published list reveals nothing about how many
/// credentials were issued.
/// </summary>
public sealed class StatusListPublisher
{
    /// <summary>Status value: the credential is valid.</summary>
    public const byte Valid = 0;

    /// <summary>Status value: the credential is revoked, for good.</summary>
    public const byte Invalid = 1;

    /// <summary>Status value: the credential is suspended; it may be reinstated.</summary>
    public const byte Suspended = 2;

    private readonly IStatusListStore _store;
    private readonly StatusListPublisherOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the publisher.</summary>
    /// <param name="store">Where the entries are kept.</param>
    /// <param name="options">The signer, list size, bits and lifetimes.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public StatusListPublisher(IStatusListStore store, StatusListPublisherOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Revokes a credential: its entry becomes invalid (1), which cannot be undone by <see cref="ReinstateAsync"/>.</summary>
    /// <param name="entry">The credential's entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the entry is allocated.</returns>
    public Task<bool> RevokeAsync(StatusListReference entry, CancellationToken cancellationToken = default) => SetAsync(entry, Invalid, cancellationToken);

    /// <summary>Suspends a credential (2): verifiers refuse it until it is reinstated. Needs a 2-bit list.</summary>
    /// <param name="entry">The credential's entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the entry is allocated.</returns>
    /// <exception cref="InvalidOperationException">The lists have 1 bit per status, which cannot say suspended.</exception>
    public Task<bool> SuspendAsync(StatusListReference entry, CancellationToken cancellationToken = default) =>
        _options.Bits >= 2 ? SetAsync(entry, Suspended, cancellationToken) : throw new InvalidOperationException("A 1-bit status list cannot say 'suspended'; use Bits = 2.");

    /// <summary>Reinstates a suspended credential (back to 0). A revoked credential stays revoked.</summary>
    /// <param name="entry">The credential's entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the entry was suspended and is valid again.</returns>
    public async Task<bool> ReinstateAsync(StatusListReference entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var entries = await _store.ReadAsync(entry.Uri, cancellationToken).ConfigureAwait(false);
        return entries.TryGetValue(checked((int)entry.Index), out var current) && current.Status == Suspended
            && await _store.SetStatusAsync(entry.Uri, (int)entry.Index, Valid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The list as it stands: every allocated entry's status, every other index valid.</summary>
    /// <param name="uri">The list's URI.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The list.</returns>
    public async Task<StatusList> ReadListAsync(string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var statuses = new byte[_options.Size];
        foreach (var (index, entry) in await _store.ReadAsync(uri, cancellationToken).ConfigureAwait(false))
        {
            if (index >= 0 && index < statuses.Length)
            {
                statuses[index] = entry.Status;
            }
        }

        return StatusList.Create(_options.Bits, statuses);
    }

    /// <summary>Publishes a list as a signed <c>statuslist+jwt</c>, with the certificate chain in <c>x5c</c> when configured.</summary>
    /// <param name="uri">The list's URI (its <c>sub</c>).</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The token.</returns>
    public async Task<StatusListToken> PublishJwtAsync(string uri, CancellationToken cancellationToken = default)
    {
        var list = await ReadListAsync(uri, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        JsonObject? header = _options.CertificateChain is { Count: > 0 } chain
            ? new JsonObject { ["x5c"] = new JsonArray([.. chain.Select(c => (JsonNode)Convert.ToBase64String(c.Span))]) }
            : null;
        return await StatusListToken.CreateAsync(list, uri, now, _options.Signer, now + _options.Validity, (long)_options.TimeToLive.TotalSeconds, header, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes a list as a signed <c>application/statuslist+cwt</c>, with the certificate chain in <c>x5chain</c> when configured.</summary>
    /// <param name="uri">The list's URI (its <c>sub</c>).</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The token.</returns>
    public async Task<StatusListCwt> PublishCwtAsync(string uri, CancellationToken cancellationToken = default)
    {
        var list = await ReadListAsync(uri, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        CborMap? unprotected = _options.CertificateChain is { Count: > 0 } chain
            ? CborMap.FromLabels((CoseHeaderLabels.X5Chain, chain.Count == 1 ? new CborByteString(chain[0]) : new CborArray([.. chain.Select(c => (CborValue)new CborByteString(c))])))
            : null;
        return await StatusListCwt.CreateAsync(list, uri, now, _options.Signer, now + _options.Validity, (long)_options.TimeToLive.TotalSeconds, unprotected, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Revokes, suspends or reinstates issued credentials by their issuer-side ids, through the records that name their
    /// entries (<see cref="IIssuedCredentialStore"/>): one credential, or every credential issued for an offer.
    /// </summary>
    /// <param name="records">The issuer's records of what it issued.</param>
    /// <param name="change">What to do.</param>
    /// <param name="credentialId">One credential's id, or null to name an offer.</param>
    /// <param name="offerId">An offer's id: every credential issued for it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ids of the credentials whose entry changed; a credential without an entry, or not suspended for a reinstatement, is left out.</returns>
    /// <exception cref="ArgumentException">Neither or both of <paramref name="credentialId"/> and <paramref name="offerId"/> are given.</exception>
    public async Task<IReadOnlyList<string>> ChangeAsync(IIssuedCredentialStore records, StatusChange change, string? credentialId = null, string? offerId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if ((credentialId is null) == (offerId is null))
        {
            throw new ArgumentException("Name one credential or one offer.", nameof(credentialId));
        }

        IReadOnlyList<IssuedCredentialRecord> targets = credentialId is not null
            ? await records.GetAsync(credentialId, cancellationToken).ConfigureAwait(false) is { } one ? [one] : []
            : await records.ListAsync(offerId, cancellationToken).ConfigureAwait(false);
        var changed = new List<string>();
        foreach (var record in targets)
        {
            if (record is not { StatusListId: { } list, StatusIndex: { } index })
            {
                continue;
            }

            var entry = new StatusListReference(index, list);
            var done = change switch
            {
                StatusChange.Revoke => await RevokeAsync(entry, cancellationToken).ConfigureAwait(false),
                StatusChange.Suspend => await SuspendAsync(entry, cancellationToken).ConfigureAwait(false),
                _ => await ReinstateAsync(entry, cancellationToken).ConfigureAwait(false),
            };
            if (done)
            {
                changed.Add(record.Id);
            }
        }

        return changed;
    }

    private Task<bool> SetAsync(StatusListReference entry, byte status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Index < _options.Size
            ? _store.SetStatusAsync(entry.Uri, (int)entry.Index, status, cancellationToken)
            : Task.FromResult(false);
    }
}

/// <summary>What <see cref="StatusListPublisher.ChangeAsync"/> does to a credential's entry.</summary>
public enum StatusChange
{
    /// <summary>Set it to invalid (1), for good.</summary>
    Revoke,

    /// <summary>Set it to suspended (2).</summary>
    Suspend,

    /// <summary>Set a suspended entry back to valid (0).</summary>
    Reinstate,
}
