using System.Collections.Concurrent;
using System.Text;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.StatusLists;
using Honnin.X509;

namespace Honnin.Verifier.Status;

/// <summary>
/// Checks a credential's Token Status List entry (draft-ietf-oauth-status-list §8): the token is taken from the cache
/// or fetched, read as a JWT or a CWT, and used only when it is signed by a trusted key (its certificate chain to the
/// configured roots, a configured key, or the credential issuer's own key), names the referenced URI as <c>sub</c>, is
/// not expired and reaches the index. A fetched token is cached until the earlier of its <c>exp</c> and its
/// <c>ttl</c>, held between the configured bounds. Thread-safe; one instance serves a whole service.
/// </summary>
public sealed class StatusListChecker
{
    private readonly StatusListCheckerOptions _options;
    private readonly IStatusListCache _cache;
    private readonly TimeProvider _timeProvider;
    private readonly CertificateChainValidator? _chains;

    // The last token read for each list, by its bytes, and the credential issuer's key when only that key made it
    // trusted: a cached token is verified once per process, not per check, and reused only on the same grounds.
    private readonly ConcurrentDictionary<string, (byte[] Token, ReadToken Read, CoseKey? TrustedByIssuerKey)> _read = new(StringComparer.Ordinal);

    /// <summary>Creates the checker.</summary>
    /// <param name="options">Source, cache, trust and bounds.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public StatusListChecker(StatusListCheckerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _cache = options.Cache ?? new InMemoryStatusListCache();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _chains = options.TrustAnchors is { } anchors ? new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer, new CertificateChainValidationOptions { ClockSkew = options.ClockSkew }) : null;
    }

    /// <summary>Checks one credential's status.</summary>
    /// <param name="reference">The credential's entry (<see cref="VerifiedDocument.Status"/>).</param>
    /// <param name="issuerKey">The key that signed the credential, which may sign its status list too; null when unknown.</param>
    /// <param name="cancellationToken">Cancels a fetch.</param>
    /// <returns>The outcome: valid, or the failure.</returns>
    public async Task<StatusCheckResult> CheckAsync(StatusListReference reference, CoseKey? issuerKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var now = _timeProvider.GetUtcNow();
        var fromCache = true;
        ReadToken? token = null;
        if (await _cache.GetAsync(reference.Uri, now, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            token = Read(reference.Uri, cached.Token, issuerKey, now, out _);
        }

        if (token is null)
        {
            fromCache = false;
            ReadOnlyMemory<byte> fetched;
            try
            {
                fetched = await _options.Source.FetchAsync(reference.Uri, cancellationToken).ConfigureAwait(false);
            }
            catch (StatusListUnavailableException e)
            {
                return StatusCheckResult.Unavailable(reference, e.Message);
            }

            token = Read(reference.Uri, fetched, issuerKey, now, out var problem);
            if (token is null)
            {
                return StatusCheckResult.Unavailable(reference, problem!);
            }

            var ttl = token.TimeToLive is { } seconds ? TimeSpan.FromSeconds(Math.Min(seconds, (long)_options.MaxCacheTime.TotalSeconds)) : _options.DefaultCacheTime;
            var until = now + (ttl < _options.MinCacheTime ? _options.MinCacheTime : ttl > _options.MaxCacheTime ? _options.MaxCacheTime : ttl);
            if (token.ExpiresAt is { } exp && exp < until)
            {
                until = exp;
            }

            await _cache.PutAsync(new CachedStatusList(reference.Uri, fetched.ToArray(), now, until), cancellationToken).ConfigureAwait(false);
        }

        if (!token.List.TryGetStatus(reference.Index, out var status))
        {
            return StatusCheckResult.Unavailable(reference, $"The status list has {token.List.Count} entries; the credential's index is beyond it.");
        }

        return status switch
        {
            0 => new StatusCheckResult(reference, StatusState.Valid, status, null, fromCache),
            1 => new StatusCheckResult(reference, StatusState.Revoked, status, new Problem(StatusCheckCodes.Revoked, "The issuer revoked the credential."), fromCache),
            2 => new StatusCheckResult(reference, StatusState.Suspended, status, new Problem(StatusCheckCodes.Suspended, "The issuer suspended the credential."), fromCache),
            _ => new StatusCheckResult(reference, StatusState.Unknown, status, new Problem(StatusCheckCodes.UnknownValue, $"The status list gives the value {status}, which this verifier does not accept."), fromCache),
        };
    }

    // Reads and checks a token for a list; null with the reason when it cannot be used.
    private ReadToken? Read(string uri, ReadOnlyMemory<byte> bytes, CoseKey? issuerKey, DateTimeOffset now, out string? problem)
    {
        problem = null;
        ReadToken token;
        if (_read.TryGetValue(uri, out var memo) && memo.Token.AsSpan().SequenceEqual(bytes.Span)
            && (memo.TrustedByIssuerKey is null || (issuerKey is not null && CertificatePublicKey.SameKey(issuerKey, memo.TrustedByIssuerKey))))
        {
            token = memo.Read;
        }
        else
        {
            var parsed = Parse(bytes, out problem);
            if (parsed is null)
            {
                return null;
            }

            var trust = Trust(parsed, issuerKey, now);
            if (trust == TrustKind.None)
            {
                problem = "The status list token is not signed by a trusted key.";
                return null;
            }

            token = parsed;
            _read[uri] = (bytes.ToArray(), token, trust == TrustKind.IssuerKey ? issuerKey : null);
        }

        if (token.Subject != uri)
        {
            problem = "The status list token's sub names another list than the credential references.";
            return null;
        }

        if (token.IssuedAt > now + _options.ClockSkew || token.ExpiresAt is { } exp && exp <= now)
        {
            problem = token.ExpiresAt <= now ? "The status list token has expired." : "The status list token is issued in the future.";
            return null;
        }

        return token;
    }

    private ReadToken? Parse(ReadOnlyMemory<byte> bytes, out string? problem)
    {
        problem = null;
        try
        {
            // A JWT is text ("eyJ…"); anything else is read as a CWT.
            if (bytes.Length > 0 && bytes.Span[0] is (byte)'e')
            {
                var jwt = StatusListToken.Parse(Encoding.UTF8.GetString(bytes.Span), _options.MaxListBytes);
                return new ReadToken(jwt.Subject, jwt.IssuedAt, jwt.ExpiresAt, jwt.TimeToLive, jwt.StatusList, jwt.Jws.X5c, jwt.VerifySignature);
            }

            var cwt = StatusListCwt.Parse(bytes, _options.MaxListBytes);
            return new ReadToken(cwt.Subject, cwt.IssuedAt, cwt.ExpiresAt, cwt.TimeToLive, cwt.StatusList, Chain(cwt.Message), cwt.VerifySignature);
        }
        catch (CredentialFormatException e)
        {
            problem = $"The status list is not a Status List Token ({e.Code}).";
            return null;
        }
    }

    private TrustKind Trust(ReadToken token, CoseKey? issuerKey, DateTimeOffset now)
    {
        if (token.Chain.Count > 0 && _chains is not null)
        {
            var chain = _chains.Validate(token.Chain, now);
            if (chain.IsValid && chain.Leaf is { } leaf && CertificatePublicKey.TryRead(leaf) is { } leafKey && token.Verify(leafKey))
            {
                return TrustKind.Configured;
            }
        }

        return _options.TrustedKeys.Any(token.Verify) ? TrustKind.Configured
            : issuerKey is not null && token.Verify(issuerKey) ? TrustKind.IssuerKey
            : TrustKind.None;
    }

    private static IReadOnlyList<ReadOnlyMemory<byte>> Chain(CoseSign1Message message)
    {
        if (!message.Headers.Protected.TryGetValue(CoseHeaderLabels.X5Chain, out var value) && !message.Headers.Unprotected.TryGetValue(CoseHeaderLabels.X5Chain, out value))
        {
            return [];
        }

        return value switch
        {
            CborByteString one => [one.Value],
            CborArray many => [.. many.Items.OfType<CborByteString>().Select(c => c.Value)],
            _ => [],
        };
    }

    private enum TrustKind
    {
        None,

        // A chain to the configured roots, or a configured key: trusted for any credential.
        Configured,

        // Only the key of the credential being checked: trusted for that issuer's credentials.
        IssuerKey,
    }

    private sealed record ReadToken(string Subject, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt, long? TimeToLive, StatusList List, IReadOnlyList<ReadOnlyMemory<byte>> Chain, Func<CoseKey, bool> Verify);
}

/// <summary>What a status check found.</summary>
/// <param name="Reference">The credential's entry.</param>
/// <param name="State">The outcome.</param>
/// <param name="Value">The status value, when the list was read.</param>
/// <param name="Failure">Why the credential is not accepted, or null when it is valid.</param>
/// <param name="FromCache">Whether the token came from the cache.</param>
public sealed record StatusCheckResult(StatusListReference Reference, StatusState State, int? Value, Problem? Failure, bool FromCache = false)
{
    /// <summary>Whether the credential is valid by its status.</summary>
    public bool IsValid => State == StatusState.Valid;

    internal static StatusCheckResult Unavailable(StatusListReference reference, string why) =>
        new(reference, StatusState.Unavailable, null, new Problem(StatusCheckCodes.Unavailable, why));
}

/// <summary>The outcome of a status check.</summary>
public enum StatusState
{
    /// <summary>Status 0: valid.</summary>
    Valid,

    /// <summary>Status 1: revoked by the issuer.</summary>
    Revoked,

    /// <summary>Status 2: suspended by the issuer.</summary>
    Suspended,

    /// <summary>Another value, which this verifier does not accept.</summary>
    Unknown,

    /// <summary>The list could not be had or used (fail closed).</summary>
    Unavailable,
}
