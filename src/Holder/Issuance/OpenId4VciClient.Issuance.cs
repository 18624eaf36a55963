using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Holder.Logging;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Jose;
using Honnin.OpenId4Vc;

namespace Honnin.Holder.Issuance;

/// <summary>The token, nonce, credential, deferred and notification exchanges of one issuance.</summary>
public sealed partial class OpenId4VciClient
{
    // The deferred endpoint's interval when the issuer gives none, and the least the wallet waits between asks.
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private const int MaxNonceResponseLength = 16 * 1024;
    private const int MaxNotificationResponseLength = 16 * 1024;

    // The token request (OpenID4VCI 1.0 §6.1): the pre-authorized code, the transaction code, and a DPoP proof.
    private static async Task RedeemAsync(IssuanceSession session, OfferPreview preview, string? transactionCode, CancellationToken cancellationToken)
    {
        if (preview.PreAuthorizedCode is not { } grant)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, "The offer has no pre-authorized code; receive it by signing in (AcceptWithSignInAsync).");
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", CredentialOffer.PreAuthorizedCodeGrantType),
            new("pre-authorized_code", grant.PreAuthorizedCode),
        };
        if (transactionCode is not null)
        {
            form.Add(new("tx_code", transactionCode));
        }

        await ExchangeAsync(session, preview, form, transactionCode is not null, cancellationToken).ConfigureAwait(false);
    }

    // With the session's token: every offered configuration asked for, checked, stored, acknowledged, or pending.
    private async Task<IssuanceResult> ReceiveAsync(IssuanceSession session, OfferPreview preview, IssuanceTargets targets, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var stored = new List<Credentials.StoredCredential>();
        var pending = new List<PendingIssuance>();
        foreach (var offered in preview.Credentials)
        {
            var outcome = await IssueAsync(session, preview.Metadata, offered, targets, deadline, cancellationToken).ConfigureAwait(false);
            stored.AddRange(outcome.Stored);
            if (outcome.Pending is { } deferred)
            {
                pending.Add(deferred);
            }
        }

        return new IssuanceResult(stored.AsReadOnly(), pending.AsReadOnly());
    }

    // The token request of either grant, and its answer: a DPoP (or Bearer) token the session uses from then on.
    private static async Task ExchangeAsync(IssuanceSession session, OfferPreview preview, List<KeyValuePair<string, string>> form, bool sentTransactionCode, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(preview.AuthorizationServer.TokenEndpoint);
        var answer = await session.PostFormAsync(endpoint, form, TokenResponse.MaxLength, cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            var error = answer.Error;
            if (error is null)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The token endpoint answered HTTP {(int)answer.Status} without an OAuth error.");
            }

            // invalid_grant is the answer to a wrong transaction code (§6.3); it is also that of an expired or used code,
            // which the issuer's description tells apart (carried, never parsed).
            throw error.Error == "invalid_grant" && sentTransactionCode
                ? new OfferAcceptanceException(OfferAcceptanceException.TransactionCodeWrong, "The issuer refused the transaction code or the pre-authorized code (invalid_grant).", error)
                : new OfferAcceptanceException(OfferAcceptanceException.TokenRefused, $"The token endpoint refused the code ({error.Error}).", error);
        }

        TokenResponse token;
        try
        {
            token = TokenResponse.Parse(answer.Body);
        }
        catch (CredentialFormatException e)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The token response does not read ({e.Code}).", innerException: e);
        }

        if (!string.Equals(token.TokenType, TokenResponse.DpopTokenType, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(token.TokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The token response names a token type that is neither DPoP nor Bearer.");
        }

        session.UseToken(token);
    }

    // One configuration: fresh device keys kept first, a proof for each, the request, then the credentials or the deferral.
    private async Task<Outcome> IssueAsync(IssuanceSession session, CredentialIssuerMetadata metadata, OfferedCredential offered, IssuanceTargets targets, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var keys = new List<SoftwareSigner>(offered.BatchSize);
        try
        {
            for (var i = 0; i < offered.BatchSize; i++)
            {
                var (signer, privateJwk) = SoftwareKeys.Generate(offered.ProofAlgorithm);
                keys.Add(signer);

                // Kept before the credential is asked for: a credential never arrives for a key the wallet lost.
                await targets.DeviceKeys.AddAsync(privateJwk, cancellationToken).ConfigureAwait(false);
            }

            var publicKeys = keys.Select(k => k.PublicKey).ToList().AsReadOnly();
            var endpoint = new Uri(metadata.CredentialEndpoint);
            var nonceEndpoint = metadata.NonceEndpoint is { } nonceUrl ? new Uri(nonceUrl) : null;
            var answer = await RequestCredentialsAsync(session, metadata.CredentialIssuer, endpoint, nonceEndpoint, offered.ConfigurationId, keys, cancellationToken).ConfigureAwait(false);
            if (answer.Status is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
            {
                throw Refused(answer, "credential");
            }

            var response = ReadCredentialResponse(answer, "credential");
            if (!response.IsDeferred)
            {
                var stored = await DeliverAsync(session, metadata.NotificationEndpoint is { } n ? new Uri(n) : null, offered.Format, offered.Type, response, publicKeys, targets, cancellationToken).ConfigureAwait(false);
                return new Outcome(stored, null);
            }

            if (metadata.DeferredCredentialEndpoint is not { } deferredUrl)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The issuer deferred the issuance but its metadata names no deferred_credential_endpoint.");
            }

            var deferred = new Uri(deferredUrl);
            var state = new PendingState
            {
                CredentialIssuer = metadata.CredentialIssuer,
                ConfigurationId = offered.ConfigurationId,
                Format = offered.Format,
                Type = offered.Type,
                TransactionId = response.TransactionId!,
                Interval = response.Interval ?? (int)DefaultInterval.TotalSeconds,
                NextPollAt = _time.GetUtcNow() + Wait(response.Interval),
                DeferredEndpoint = deferred,
                NotificationEndpoint = metadata.NotificationEndpoint is { } notification ? new Uri(notification) : null,
                AccessToken = session.AccessToken!,
                DpopBound = session.DpopBound,
                DpopJwk = session.DpopJwk,
                DpopNonce = session.Channel.DpopNonce(deferred),
                DeviceKeys = publicKeys,
            };
            IssuanceLog.Deferred(_logger, offered.Format, offered.Type, state.Interval);
            return await PollAsync(session, state, targets, deadline, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    // The credential request (§8.2), with one key proof per key over the latest c_nonce; sent once more with a fresh
    // c_nonce when the issuer answers invalid_nonce (§8.3.1.2).
    private static async Task<ServiceAnswer> RequestCredentialsAsync(IssuanceSession session, string credentialIssuer, Uri endpoint, Uri? nonceEndpoint, string configurationId, List<SoftwareSigner> keys, CancellationToken cancellationToken)
    {
        ServiceAnswer answer = null!;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var nonce = nonceEndpoint is null ? null : await FetchNonceAsync(session, nonceEndpoint, cancellationToken).ConfigureAwait(false);
            var proofs = new List<string>(keys.Count);
            foreach (var key in keys)
            {
                proofs.Add(await KeyProof.CreateAsync(key, credentialIssuer, session.Now, nonce, clientId: null, cancellationToken).ConfigureAwait(false));
            }

            var request = new CredentialRequest(configurationId, null, proofs);
            answer = await session.PostAuthorizedAsync(endpoint, request.ToJson(), CredentialResponse.MaxLength, cancellationToken).ConfigureAwait(false);
            if (nonceEndpoint is null || answer.Error?.Error != "invalid_nonce")
            {
                break;
            }
        }

        return answer;
    }

    // The nonce endpoint (§7): a POST without authentication; its DPoP-Nonce header is kept by the channel.
    private static async Task<string> FetchNonceAsync(IssuanceSession session, Uri endpoint, CancellationToken cancellationToken)
    {
        var answer = await session.PostAsync(endpoint, MaxNonceResponseLength, cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The nonce endpoint answered HTTP {(int)answer.Status}.", answer.Error);
        }

        try
        {
            return StrictJson.Parse(answer.Body, new StrictJsonOptions { MaxInputLength = MaxNonceResponseLength, MaxDepth = 4 }) is JsonObject json
                && json["c_nonce"] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } nonce
                ? nonce
                : throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, "The nonce response has no c_nonce.");
        }
        catch (CredentialFormatException e)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The nonce response does not read ({e.Code}).", innerException: e);
        }
    }

    // The deferred credential endpoint (§9), asked every interval (at least a second) until the credentials come or
    // the next ask would pass the deadline; then the issuance is returned pending.
    private async Task<Outcome> PollAsync(IssuanceSession session, PendingState state, IssuanceTargets targets, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = _time.GetUtcNow();
            if (state.NextPollAt > deadline)
            {
                return new Outcome([], new PendingIssuance(state with { DpopNonce = session.Channel.DpopNonce(state.DeferredEndpoint) }));
            }

            if (state.NextPollAt > now)
            {
                await Task.Delay(state.NextPollAt - now, _time, cancellationToken).ConfigureAwait(false);
            }

            var answer = await session.PostAuthorizedAsync(state.DeferredEndpoint, new JsonObject { ["transaction_id"] = state.TransactionId }, CredentialResponse.MaxLength, cancellationToken).ConfigureAwait(false);
            int? interval;

            // OpenID4VCI 1.0 answers a still pending issuance with 202 again; issuers of the drafts before it send the
            // error issuance_pending with an interval, which is read the same way.
            if (answer.Error is { Error: "issuance_pending" } pending && answer.Status == HttpStatusCode.BadRequest)
            {
                interval = pending.Interval;
            }
            else if (answer.Status is HttpStatusCode.OK or HttpStatusCode.Accepted)
            {
                var response = ReadCredentialResponse(answer, "deferred credential");
                if (!response.IsDeferred)
                {
                    var stored = await DeliverAsync(session, state.NotificationEndpoint, state.Format, state.Type, response, state.DeviceKeys, targets, cancellationToken).ConfigureAwait(false);
                    return new Outcome(stored, null);
                }

                interval = response.Interval;
            }
            else
            {
                throw Refused(answer, "deferred credential");
            }

            state = state with { Interval = interval ?? state.Interval, NextPollAt = _time.GetUtcNow() + Wait(interval ?? state.Interval) };
        }
    }

    // Checks what arrived, stores it whole, and tells the issuer either way (§11).
    private async Task<IReadOnlyList<StoredCredential>> DeliverAsync(IssuanceSession session, Uri? notificationEndpoint, CredentialFormat format, string type, CredentialResponse response, IReadOnlyList<CoseKey> provenKeys, IssuanceTargets targets, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredCredential> stored;
        try
        {
            var chains = format == CredentialFormat.Mdoc ? _mdocChains : _sdJwtChains;
            var checkedCredentials = IssuedCredentials.Check(format, type, response.Credentials, provenKeys, chains, _time.GetUtcNow());
            stored = await StoreAsync(format, checkedCredentials, targets, cancellationToken).ConfigureAwait(false);
        }
        catch (OfferAcceptanceException e)
        {
            await NotifyAsync(session, notificationEndpoint, response.NotificationId, "credential_failure", e.Code, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        IssuanceLog.Received(_logger, format, type, stored.Count);
        await NotifyAsync(session, notificationEndpoint, response.NotificationId, "credential_accepted", null, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task<IReadOnlyList<StoredCredential>> StoreAsync(CredentialFormat format, IssuedCredentials.Checked credentials, IssuanceTargets targets, CancellationToken cancellationToken)
    {
        var holderOptions = new HolderOptions { DocumentTypes = _options.DocumentTypes };
        try
        {
            if (format == CredentialFormat.Mdoc)
            {
                var holder = new MdocHolder(targets.Credentials, targets.DeviceKeys, holderOptions, _time);
                return credentials.Mdocs.Count == 1
                    ? [await holder.StoreAsync(credentials.Mdocs[0], cancellationToken: cancellationToken).ConfigureAwait(false)]
                    : await holder.StoreBatchAsync(credentials.Mdocs, cancellationToken).ConfigureAwait(false);
            }

            var sdJwtHolder = new SdJwtVcHolder(targets.Credentials, targets.DeviceKeys, holderOptions, _time);
            return credentials.SdJwts.Count == 1
                ? [await sdJwtHolder.StoreAsync(credentials.SdJwts[0], cancellationToken: cancellationToken).ConfigureAwait(false)]
                : await sdJwtHolder.StoreBatchAsync(credentials.SdJwts, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialFormatException e)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.CredentialMismatch, $"A credential received does not read as the wallet keeps it ({e.Code}); nothing was stored.", innerException: e);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException or OfferAcceptanceException))
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.CredentialNotStored, $"The wallet could not keep the credentials ({e.GetType().Name}); nothing was stored.", innerException: e);
        }
    }

    // Best effort: the credentials are the wallet's whether or not the issuer hears of it.
    private async Task NotifyAsync(IssuanceSession session, Uri? endpoint, string? notificationId, string @event, string? description, CancellationToken cancellationToken)
    {
        if (endpoint is null || notificationId is null)
        {
            return;
        }

        var body = new JsonObject { ["notification_id"] = notificationId, ["event"] = @event };
        if (description is not null)
        {
            body["event_description"] = description;
        }

        try
        {
            var answer = await session.PostAuthorizedAsync(endpoint, body, MaxNotificationResponseLength, cancellationToken).ConfigureAwait(false);
            if (answer.Status is not (HttpStatusCode.NoContent or HttpStatusCode.OK))
            {
                IssuanceLog.NotNotified(_logger, @event, (int)answer.Status, answer.Error?.Error);
            }
        }
        catch (OfferAcceptanceException e)
        {
            IssuanceLog.NotNotified(_logger, @event, 0, e.Code);
        }
    }

    private static CredentialResponse ReadCredentialResponse(ServiceAnswer answer, string what)
    {
        try
        {
            var response = CredentialResponse.Parse(answer.Body);
            return answer.Status == HttpStatusCode.Accepted && !response.IsDeferred
                ? throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The {what} endpoint answered 202 without a transaction_id.")
                : response;
        }
        catch (CredentialFormatException e)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.IssuerResponseInvalid, $"The {what} response does not read ({e.Code}).", innerException: e);
        }
    }

    // The endpoint's OAuth error, from the body or else from its authentication challenge (RFC 6750 §3, RFC 9449 §7.1).
    private static OfferAcceptanceException Refused(ServiceAnswer answer, string what)
    {
        var error = answer.Error ?? (answer.ChallengeErrors.Count > 0 ? new OAuthError(answer.ChallengeErrors[0]) : null);
        return error is not null
            ? new OfferAcceptanceException(OfferAcceptanceException.CredentialRefused, $"The {what} endpoint refused the request ({error.Error}).", error)
            : new OfferAcceptanceException(answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? OfferAcceptanceException.CredentialRefused : OfferAcceptanceException.IssuerResponseInvalid, $"The {what} endpoint answered HTTP {(int)answer.Status}.");
    }

    private static TimeSpan Wait(int? seconds) =>
        seconds is { } s ? TimeSpan.FromSeconds(Math.Max(s, MinimumInterval.TotalSeconds)) : DefaultInterval;

    private sealed record Outcome(IReadOnlyList<StoredCredential> Stored, PendingIssuance? Pending);
}
