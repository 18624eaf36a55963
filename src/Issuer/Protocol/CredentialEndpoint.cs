using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.Logging;
using Honnin.Issuer.State;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using static Honnin.Issuer.Protocol.JsonMembers;
using Microsoft.Extensions.Logging;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// The credential, deferred credential and notification endpoints (OpenID4VCI §8, §9, §11). Each request carries the
/// DPoP-bound access token and a DPoP proof by the token's key; the credential request carries one key proof per
/// credential. An offer is issued once: the store's compare-and-set decides between racing requests, and the loser
/// gets <c>credential_request_denied</c> with nothing issued.
/// </summary>
internal sealed class CredentialEndpoint(
    OpenId4VciIssuerOptions options,
    IssuerStores stores,
    OfferCatalog catalog,
    DpopProofValidator dpop,
    AccessTokenService tokens,
    KeyProofValidator keyProofs,
    CredentialMinter minter,
    TimeProvider time,
    ILogger log)
{
    private static readonly HashSet<string> NotificationEvents = new(StringComparer.Ordinal) { "credential_accepted", "credential_failure", "credential_deleted" };

    public async Task<ProtocolResponse> CredentialAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await AuthorizeAsync(request, "credential", cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return refusal!;
        }

        CredentialRequest body;
        try
        {
            body = CredentialRequest.Parse(request.Body.Span);
        }
        catch (CredentialFormatException e)
        {
            return Refuse("credential", 400, e.Code == OpenId4VcFailureCodes.EncryptionUnsupported ? OAuthErrorCodes.InvalidEncryptionParameters : OAuthErrorCodes.InvalidCredentialRequest, e.Message);
        }

        if (body.CredentialIdentifier is not null)
        {
            return Refuse("credential", 400, OAuthErrorCodes.UnknownCredentialIdentifier, "This issuer gives no credential identifiers; ask by credential_configuration_id.");
        }

        if (!catalog.TryGet(body.ConfigurationId!, out _, out _))
        {
            return Refuse("credential", 400, OAuthErrorCodes.UnknownCredentialConfiguration, "The credential_configuration_id is not in this issuer's metadata.");
        }

        var offer = await stores.Offers.GetAsync(grant.OfferId, cancellationToken).ConfigureAwait(false);
        if (offer is null || !string.Equals(offer.ConfigurationId, body.ConfigurationId, StringComparison.Ordinal))
        {
            return Refuse("credential", 400, OAuthErrorCodes.CredentialRequestDenied, "The access token does not authorize this credential configuration.");
        }

        if (offer.State != OfferState.Offered)
        {
            return Refuse("credential", 400, OAuthErrorCodes.CredentialRequestDenied, offer.State switch
            {
                OfferState.Deferred => "The issuance is deferred; poll the deferred credential endpoint with its transaction_id.",
                OfferState.Withdrawn => "The offer was withdrawn.",
                _ => "The offer's credentials were issued before.",
            });
        }

        if (body.JwtProofs.Count == 0)
        {
            return Refuse("credential", 400, OAuthErrorCodes.InvalidProof, "Every credential is bound to a key: send one key proof per credential in proofs.jwt.");
        }

        var proofs = await keyProofs.ValidateAsync(body.JwtProofs, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!proofs.IsValid)
        {
            return Refuse("credential", 400, proofs.Error!, proofs.ErrorDescription!);
        }

        // A wallet proves as many keys as the metadata's batch_size allows; the offer may carry fewer credentials, and
        // the first keys get them (OpenID4VCI §8.3: at most one credential per key).
        var provenKeys = proofs.Keys.Take(offer.BatchSize).ToList();
        var keys = provenKeys.Select(k => k.Key).ToList();
        if (offer.RequiresApproval && offer.ApprovedAt is null)
        {
            var transactionId = OfferRecord.NewId() + OfferRecord.NewId();
            if (!await stores.Offers.DeferAsync(offer.Id, transactionId, [.. provenKeys.Select(k => k.ToJson())], cancellationToken).ConfigureAwait(false))
            {
                return Refuse("credential", 400, OAuthErrorCodes.CredentialRequestDenied, "Another request for this offer came first.");
            }

            IssuerLog.IssuanceDeferred(log, offer.Id);
            return ProtocolResponse.NoStore(202, new CredentialResponse([], transactionId, options.DeferredInterval).ToJson());
        }

        return await IssueAsync(offer, OfferState.Offered, keys, "credential", cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProtocolResponse> DeferredAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await AuthorizeAsync(request, "deferred_credential", cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return refusal!;
        }

        if (!TryReadObject(request, out var body) || Text(body, "transaction_id") is not { Length: > 0 } transactionId)
        {
            return Refuse("deferred_credential", 400, OAuthErrorCodes.InvalidCredentialRequest, "The request is a JSON object with a transaction_id.");
        }

        var offer = await stores.Offers.FindByTransactionAsync(transactionId, cancellationToken).ConfigureAwait(false);
        if (offer is null || !string.Equals(offer.Id, grant.OfferId, StringComparison.Ordinal) || offer.State is OfferState.Issued or OfferState.Withdrawn)
        {
            return Refuse("deferred_credential", 400, OAuthErrorCodes.InvalidTransactionId, "The transaction_id is unknown, not this token's, or already issued.");
        }

        if (offer.ApprovedAt is null)
        {
            // Still pending: OpenID4VCI 1.0 §9.2 answers 202 with the transaction id and the interval again.
            return ProtocolResponse.NoStore(202, new CredentialResponse([], transactionId, options.DeferredInterval).ToJson());
        }

        var keys = new List<CoseKey>(offer.HolderKeys.Count);
        foreach (var key in offer.HolderKeys)
        {
            keys.Add(JsonWebKey.Parse(key).Key);
        }

        return await IssueAsync(offer, OfferState.Deferred, keys, "deferred_credential", cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProtocolResponse> NotificationAsync(ProtocolRequest request, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await AuthorizeAsync(request, "notification", cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return refusal!;
        }

        if (!TryReadObject(request, out var body) || Text(body, "notification_id") is not { Length: > 0 } notificationId || Text(body, "event") is not { } notificationEvent)
        {
            return Refuse("notification", 400, OAuthErrorCodes.InvalidNotificationRequest, "The request is a JSON object with notification_id and event.");
        }

        if (!NotificationEvents.Contains(notificationEvent))
        {
            return Refuse("notification", 400, OAuthErrorCodes.InvalidNotificationRequest, "The event is credential_accepted, credential_failure or credential_deleted.");
        }

        if (!string.Equals(notificationId, grant.OfferId, StringComparison.Ordinal)
            || !await stores.Offers.RecordNotificationAsync(grant.OfferId, notificationEvent, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return Refuse("notification", 400, OAuthErrorCodes.InvalidNotificationId, "The notification_id is not one this token's issuance gave.");
        }

        IssuerLog.Notified(log, grant.OfferId, notificationEvent);
        return new ProtocolResponse(204, null) { Headers = new Dictionary<string, string> { ["Cache-Control"] = "no-store" } };
    }

    private async Task<ProtocolResponse> IssueAsync(OfferRecord offer, OfferState expected, IReadOnlyList<CoseKey> keys, string endpoint, CancellationToken cancellationToken)
    {
        MintedCredentials minted;
        try
        {
            minted = await minter.MintAsync(offer, keys, cancellationToken).ConfigureAwait(false);
        }
        catch (StatusListFullException)
        {
            // Nothing was issued and the offer stays open: once HR configures a new list, the wallet can ask again.
            IssuerLog.RequestRefused(log, endpoint, "server_error");
            return ProtocolResponse.Failure(500, new OAuthError("server_error", "The issuer cannot issue now: its status list is full. Try again later."));
        }

        if (!await stores.Offers.CompleteAsync(offer.Id, expected, minted.Records, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return Refuse(endpoint, 400, OAuthErrorCodes.CredentialRequestDenied, "Another request for this offer came first.");
        }

        IssuerLog.OfferIssued(log, offer.Id, minted.Credentials.Count);
        return ProtocolResponse.NoStore(200, new CredentialResponse(minted.Credentials, NotificationId: offer.Id).ToJson());
    }

    private async Task<(AccessTokenGrant? Grant, ProtocolResponse? Refusal)> AuthorizeAsync(ProtocolRequest request, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Method, "POST", StringComparison.Ordinal))
        {
            return (null, Refuse(endpoint, 405, OAuthErrorCodes.InvalidRequest, "This endpoint takes POST."));
        }

        var authorization = request.Authorization;
        if (authorization is null || !authorization.StartsWith("DPoP ", StringComparison.OrdinalIgnoreCase))
        {
            var description = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? "The access token is DPoP-bound: send it as 'Authorization: DPoP <token>' with a DPoP proof."
                : "The request has no DPoP access token.";
            return (null, Unauthorized(endpoint, OAuthErrorCodes.InvalidToken, description));
        }

        var token = authorization[5..].Trim();
        var grant = tokens.Check(token);
        if (grant is null)
        {
            return (null, Unauthorized(endpoint, OAuthErrorCodes.InvalidToken, "The access token is not valid or has expired."));
        }

        var proof = await dpop.ValidateAsync(request.Dpop, request.Method, request.Url, token, cancellationToken).ConfigureAwait(false);
        if (!proof.IsValid)
        {
            IssuerLog.RequestRefused(log, endpoint, proof.Error!);
            return (null, TokenEndpoint.DpopFailure(proof, 401));
        }

        if (!string.Equals(proof.Thumbprint, grant.DpopThumbprint, StringComparison.Ordinal))
        {
            return (null, Unauthorized(endpoint, OAuthErrorCodes.InvalidDpopProof, "The DPoP proof is not signed by the key the access token is bound to."));
        }

        return (grant, null);
    }

    private static bool TryReadObject(ProtocolRequest request, out JsonObject body)
    {
        body = [];
        if (request.Body.Length > 16 * 1024 || !StrictJson.TryParse(request.Body.Span, out var node, out _, new StrictJsonOptions { MaxInputLength = 16 * 1024, MaxDepth = 4 }) || node is not JsonObject json)
        {
            return false;
        }

        body = json;
        return true;
    }

    private ProtocolResponse Unauthorized(string endpoint, string error, string description)
    {
        IssuerLog.RequestRefused(log, endpoint, error);
        return ProtocolResponse.Failure(401, new OAuthError(error, description), [new("WWW-Authenticate", $"DPoP error=\"{error}\", algs=\"{TokenEndpoint.DpopAlgorithms}\"")]);
    }

    private ProtocolResponse Refuse(string endpoint, int statusCode, string error, string description)
    {
        IssuerLog.RequestRefused(log, endpoint, error);
        return ProtocolResponse.Failure(statusCode, new OAuthError(error, description));
    }
}
