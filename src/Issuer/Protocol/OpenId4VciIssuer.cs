using System.Security.Cryptography;
using System.Text;
using Honnin.DocumentTypes;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Offers;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.OpenId4Vc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Issuer.Protocol;

/// <summary>
/// An employer's OpenID4VCI 1.0 issuer service, framework-free: HR creates offers; a wallet redeems an offer's
/// pre-authorized code (and transaction code) at the token endpoint for a DPoP-bound access token, asks the nonce
/// endpoint for a <c>c_nonce</c>, proves one fresh key per credential, and receives a batch of single-use credentials —
/// now, or through the deferred endpoint once HR approved. Each handler takes a <see cref="ProtocolRequest"/> and
/// returns a <see cref="ProtocolResponse"/>; <c>Honnin.AspNetCore</c> maps them onto routes, and any other host can.
/// All state is in the <see cref="IssuerStores"/>, so several instances can serve behind one load balancer.
/// </summary>
public sealed class OpenId4VciIssuer
{
    /// <summary>The path, under the issuer identifier, where offers are served by reference.</summary>
    public const string CredentialOfferPath = "/credential-offer/";

    /// <summary>The path, under the issuer identifier, of the authorization endpoint (authorization code flow).</summary>
    public const string AuthorizePath = "/authorize";

    private readonly OfferDesk _offers;
    private readonly TokenEndpoint _token;
    private readonly CredentialEndpoint _credential;
    private readonly CNonceService _nonces;
    private readonly DpopProofValidator _dpop;
    private readonly AuthorizationEndpoint? _authorization;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Who the issuer is, its secret and limits.</param>
    /// <param name="stores">Where its state is kept.</param>
    /// <param name="mdoc">The mdoc issuer, or null to offer no mdoc.</param>
    /// <param name="sdJwt">The SD-JWT VC issuer, or null to offer no SD-JWT VC.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where events go (never claim values, codes or tokens).</param>
    /// <exception cref="ArgumentException">The options are out of range, or neither format has an issuer.</exception>
    public OpenId4VciIssuer(OpenId4VciIssuerOptions options, IssuerStores stores, MdocIssuer? mdoc, SdJwtVcIssuer? sdJwt, TimeProvider? timeProvider = null, ILogger<OpenId4VciIssuer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stores);
        options.Validate();
        if (mdoc is null && sdJwt is null)
        {
            throw new ArgumentException("The service needs an mdoc issuer, an SD-JWT VC issuer, or both.", nameof(mdoc));
        }

        var time = timeProvider ?? TimeProvider.System;
        var types = options.DocumentTypes.Count > 0 ? options.DocumentTypes : DocumentTypeRegistry.CreateDefault().Types;
        var catalog = new OfferCatalog(types, mdoc is not null, sdJwt is not null);
        Options = options;
        var metadata = IssuerMetadataBuilder.Build(options.CredentialIssuer, types, options.NameJa, options.NameEn, options.MaxBatchSize >= 2 ? options.MaxBatchSize : null);
        Metadata = metadata with
        {
            Configurations = catalog.Offered(metadata.Configurations).ToDictionary(
                c => c.Key,
                c => options.AuthorizationCodeFlow ? c.Value with { Scope = c.Key } : c.Value,
                StringComparer.Ordinal),
        };
        var baseUri = options.CredentialIssuer.TrimEnd('/');
        AuthorizationServer = new AuthorizationServerMetadata
        {
            Issuer = options.CredentialIssuer,
            TokenEndpoint = baseUri + "/token",
            GrantTypes = options.AuthorizationCodeFlow ? [CredentialOffer.PreAuthorizedCodeGrantType, "authorization_code"] : [CredentialOffer.PreAuthorizedCodeGrantType],
            DpopSigningAlgorithms = ["ES256", "ES384", "EdDSA"],
            PreAuthorizedGrantAnonymousAccess = true,
            AuthorizationEndpoint = options.AuthorizationCodeFlow ? baseUri + AuthorizePath : null,
            PushedAuthorizationRequestEndpoint = options.AuthorizationCodeFlow ? baseUri + "/par" : null,
            CodeChallengeMethods = options.AuthorizationCodeFlow ? ["S256"] : [],
        };

        var secret = options.Secret.Span;
        _nonces = new CNonceService(DeriveKey(secret, "c_nonce"), stores.Replay, time);
        _dpop = new DpopProofValidator(new DpopOptions { NonceSecret = DeriveKey(secret, "dpop_nonce") }, stores.Replay, time);
        var tokens = new AccessTokenService(DeriveKey(secret, "access_token"), options.AccessTokenLifetime, time);
        var log = logger ?? (ILogger)NullLogger<OpenId4VciIssuer>.Instance;
        var minter = new CredentialMinter(options, stores, catalog, mdoc, sdJwt, time);
        _offers = new OfferDesk(options, stores, catalog, DeriveKey(secret, "offer"), time, log);
        _authorization = options.AuthorizationCodeFlow
            ? new AuthorizationEndpoint(options, stores, _offers, _dpop, new SealedGrant(DeriveKey(secret, "pushed_request"), "pushed_request", time), new SealedGrant(DeriveKey(secret, "authorization_code"), "authorization_code", time), time, log)
            : null;
        _token = new TokenEndpoint(stores.Codes, _dpop, tokens, _authorization, time, log);
        _credential = new CredentialEndpoint(options, stores, catalog, _dpop, tokens, new KeyProofValidator(new KeyProofOptions { CredentialIssuer = options.CredentialIssuer, BatchSize = options.MaxBatchSize }, _nonces, stores.Replay, time), minter, time, log);
    }

    /// <summary>The options.</summary>
    public OpenId4VciIssuerOptions Options { get; }

    /// <summary>The Credential Issuer metadata (<c>/.well-known/openid-credential-issuer</c>).</summary>
    public CredentialIssuerMetadata Metadata { get; }

    /// <summary>The authorization server metadata (<c>/.well-known/oauth-authorization-server</c>); the issuer is its own authorization server.</summary>
    public AuthorizationServerMetadata AuthorizationServer { get; }

    /// <summary>Creates an offer for one employee (HR's admin call).</summary>
    /// <param name="request">What to offer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The offer, its link and its transaction code.</returns>
    /// <exception cref="OfferRequestException">The request cannot be served; nothing was created.</exception>
    public Task<CreatedOffer> CreateOfferAsync(OfferRequest request, CancellationToken cancellationToken = default) => _offers.CreateAsync(request, cancellationToken);

    /// <summary>Serves an offer by reference (<c>credential_offer_uri</c>): the offer's JSON while it can still be redeemed.</summary>
    /// <param name="reference">The last path segment of the offer URI.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The offer, or 404.</returns>
    public Task<ProtocolResponse> CredentialOfferAsync(string reference, CancellationToken cancellationToken = default) => _offers.ServeAsync(reference, cancellationToken);

    /// <summary>Approves an offer that waits for HR (deferred issuance).</summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the offer needed approval and is still open.</returns>
    public Task<bool> ApproveAsync(string offerId, CancellationToken cancellationToken = default) => _offers.ApproveAsync(offerId, cancellationToken);

    /// <summary>Withdraws an offer not issued yet; its claim values are erased.</summary>
    /// <param name="offerId">The offer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was open.</returns>
    public Task<bool> WithdrawAsync(string offerId, CancellationToken cancellationToken = default) => _offers.WithdrawAsync(offerId, cancellationToken);

    /// <summary>Lists the offers, without claim values.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The offers, oldest first.</returns>
    public Task<IReadOnlyList<OfferSummary>> ListOffersAsync(CancellationToken cancellationToken = default) => _offers.ListAsync(cancellationToken);

    /// <summary>The token endpoint (RFC 6749 §3.2, OpenID4VCI §6): redeems a pre-authorized code for a DPoP-bound access token.</summary>
    /// <param name="request">The POST with a form body and a DPoP proof.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The token response or an OAuth error.</returns>
    public Task<ProtocolResponse> TokenAsync(ProtocolRequest request, CancellationToken cancellationToken = default) => _token.HandleAsync(request, cancellationToken);

    /// <summary>
    /// The pushed authorization request endpoint (RFC 9126) of the authorization code flow: the wallet's request, with
    /// the offer's <c>issuer_state</c> and a PKCE S256 challenge, for a one-time <c>request_uri</c>.
    /// </summary>
    /// <param name="request">The POST with a form body (and optionally a DPoP proof that binds the code).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>201 with the <c>request_uri</c>, or an OAuth error.</returns>
    /// <exception cref="InvalidOperationException">The service does not offer the authorization code flow.</exception>
    public Task<ProtocolResponse> PushedAuthorizationAsync(ProtocolRequest request, CancellationToken cancellationToken = default) =>
        (_authorization ?? throw NoAuthorizationCodeFlow()).PushAsync(request, cancellationToken);

    /// <summary>
    /// The authorization endpoint, once the host authenticated the employee (its own sign-in: the service never sees a
    /// password): redirects back to the wallet with a one-time code when the pushed request's offer names this employee,
    /// else with <c>access_denied</c>.
    /// </summary>
    /// <param name="query">The query parameters (<c>client_id</c>, <c>request_uri</c>).</param>
    /// <param name="employee">The authenticated employee's id in HR's system.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A 302 to the wallet's redirect URI, or 400 when the request cannot be trusted enough to redirect.</returns>
    /// <exception cref="InvalidOperationException">The service does not offer the authorization code flow.</exception>
    public Task<ProtocolResponse> AuthorizeAsync(IReadOnlyDictionary<string, string> query, string employee, CancellationToken cancellationToken = default) =>
        (_authorization ?? throw NoAuthorizationCodeFlow()).AuthorizeAsync(query, employee, cancellationToken);

    /// <summary>The nonce endpoint (OpenID4VCI §7): a fresh <c>c_nonce</c>, and a DPoP nonce in <c>DPoP-Nonce</c>.</summary>
    /// <returns>The response.</returns>
    public ProtocolResponse Nonce() =>
        ProtocolResponse.NoStore(200, new System.Text.Json.Nodes.JsonObject { ["c_nonce"] = _nonces.Issue() }, [new("DPoP-Nonce", _dpop.IssueNonce())]);

    /// <summary>The credential endpoint (OpenID4VCI §8): checks the token, the DPoP proof and the key proofs, and issues, or defers.</summary>
    /// <param name="request">The POST with a JSON Credential Request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credentials, a deferral (202), or an error.</returns>
    public Task<ProtocolResponse> CredentialAsync(ProtocolRequest request, CancellationToken cancellationToken = default) => _credential.CredentialAsync(request, cancellationToken);

    /// <summary>The deferred credential endpoint (OpenID4VCI §9).</summary>
    /// <param name="request">The POST with <c>transaction_id</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The credentials, <c>issuance_pending</c>, or an error.</returns>
    public Task<ProtocolResponse> DeferredCredentialAsync(ProtocolRequest request, CancellationToken cancellationToken = default) => _credential.DeferredAsync(request, cancellationToken);

    /// <summary>The notification endpoint (OpenID4VCI §11).</summary>
    /// <param name="request">The POST with <c>notification_id</c> and <c>event</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>204, or an error.</returns>
    public Task<ProtocolResponse> NotificationAsync(ProtocolRequest request, CancellationToken cancellationToken = default) => _credential.NotificationAsync(request, cancellationToken);

    private static InvalidOperationException NoAuthorizationCodeFlow() =>
        new("This issuer service does not offer the authorization code flow; set OpenId4VciIssuerOptions.AuthorizationCodeFlow.");

    private static byte[] DeriveKey(ReadOnlySpan<byte> secret, string purpose)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, [], Encoding.ASCII.GetBytes("honnin/openid4vci/" + purpose));
        return key;
    }
}
