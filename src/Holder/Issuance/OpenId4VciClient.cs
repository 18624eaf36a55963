using System.Net.Http.Headers;
using System.Text;
using Honnin.Holder.Logging;
using Honnin.OpenId4Vc;
using Honnin.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Holder.Issuance;

/// <summary>
/// The wallet side of OpenID4VCI 1.0 with a pre-authorized code: <see cref="PreviewAsync"/> reads an offer link (or the
/// same text from a QR code), fetches the offer when it comes by reference and the issuer's and its authorization
/// server's metadata, and says what the offer would bring; <see cref="AcceptAsync"/>, once the person agrees, redeems the
/// code (with the transaction code when one is needed) for a DPoP-bound token, keeps one fresh device key per credential
/// in the wallet, proves each with the issuer's <c>c_nonce</c>, asks for the credentials, checks them (type, binding,
/// issuer signature, and with <see cref="OpenId4VciClientOptions.IssuerTrustAnchors"/> the issuer's chain), stores them
/// — a batch whole or not at all — and tells the issuer (<c>credential_accepted</c>, or <c>credential_failure</c>). A
/// deferred issuance is polled for as long as the caller allows, then returned as a <see cref="PendingIssuance"/> to
/// <see cref="ResumeAsync"/> later.
/// </summary>
/// <remarks>
/// <para>
/// The wallet talks only to https URLs (plain http only to loopback addresses, for tests and demos) and follows no
/// redirect: give it an <see cref="HttpClient"/> whose handler has <c>AllowAutoRedirect = false</c>; a 3xx answer, or a
/// handler that followed one anyway, is refused. Every answer is read up to its message's bound, and every exchange
/// ends after <see cref="OpenId4VciClientOptions.RequestTimeout"/> or when the caller's token is cancelled.
/// </para>
/// <para>
/// The client is thread-safe and holds no state between calls; each issuance uses its own DPoP key. Nothing it logs or
/// throws carries a code, token, key or claim value.
/// </para>
/// </remarks>
public sealed partial class OpenId4VciClient
{
    private readonly HttpClient _http;
    private readonly OpenId4VciClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CertificateChainValidator? _mdocChains;
    private readonly CertificateChainValidator? _sdJwtChains;

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">The app's HTTP client; its handler should not follow redirects (<c>AllowAutoRedirect = false</c>). The caller keeps ownership.</param>
    /// <param name="options">The wallet's policy; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where the client logs what it does (types, counts and codes only, see <see cref="HolderEventIds"/>); none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public OpenId4VciClient(HttpClient httpClient, OpenId4VciClientOptions? options = null, TimeProvider? timeProvider = null, ILogger<OpenId4VciClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        options ??= new OpenId4VciClientOptions();
        options.Validate();
        _http = httpClient;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (options.IssuerTrustAnchors is { } anchors)
        {
            var chainOptions = new CertificateChainValidationOptions { ClockSkew = options.ClockSkew };
            _mdocChains = new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, chainOptions);
            _sdJwtChains = new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer, chainOptions);
        }
    }

    /// <summary>
    /// Reads an offer and says what it would bring, asking the issuer nothing but its public documents: the offer (when
    /// the link carries it by reference), the issuer's metadata (whose <c>credential_issuer</c> must be the offer's
    /// exactly) and its authorization server's metadata (whose <c>issuer</c> must be the one named).
    /// </summary>
    /// <param name="offerLink">An <c>openid-credential-offer://</c> link or a wallet offer endpoint URL, as opened or scanned.</param>
    /// <param name="cancellationToken">Cancels the fetches.</param>
    /// <returns>The preview, for the person to accept or decline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="offerLink"/> is null.</exception>
    /// <exception cref="OfferAcceptanceException">
    /// The offer does not read (<see cref="OfferAcceptanceException.OfferInvalid"/>), cannot be fetched
    /// (<see cref="OfferAcceptanceException.OfferUnreachable"/>), the metadata is not usable
    /// (<see cref="OfferAcceptanceException.IssuerMetadataInvalid"/>), or the offer asks for what this wallet does not do
    /// (<see cref="OfferAcceptanceException.OfferUnsupported"/>).
    /// </exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<OfferPreview> PreviewAsync(string offerLink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offerLink);
        try
        {
            if (!CredentialOfferLink.TryParse(offerLink, out var link, out var linkError))
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.OfferInvalid, $"The text is not a usable Credential Offer link ({linkError.Code}): {linkError.Message}", innerException: linkError);
            }

            var channel = new ServiceChannel(_http, _options.RequestTimeout, OfferAcceptanceException.OfferUnreachable);
            var offer = link.Offer ?? await FetchOfferAsync(channel, link.OfferUri!, cancellationToken).ConfigureAwait(false);
            if (offer.PreAuthorizedCode is null && offer.AuthorizationCode is null)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, "The offer has neither a pre-authorized code nor an authorization code grant.");
            }

            var metadataBody = await GetDocumentAsync(channel, CredentialIssuerMetadata.WellKnownUri(offer.CredentialIssuer), CredentialIssuerMetadata.MaxLength, "issuer metadata", cancellationToken).ConfigureAwait(false);
            CredentialIssuerMetadata metadata;
            try
            {
                metadata = CredentialIssuerMetadata.Parse(metadataBody, offer.CredentialIssuer);
            }
            catch (CredentialFormatException e)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.IssuerMetadataInvalid, $"The issuer metadata of {offer.CredentialIssuer} is not usable ({e.Code}): {e.Message}", innerException: e);
            }

            var serverIssuer = AuthorizationServerOf(offer, offer.PreAuthorizedCode?.AuthorizationServer ?? offer.AuthorizationCode?.AuthorizationServer, metadata);
            var serverBody = await GetDocumentAsync(channel, AuthorizationServerMetadata.WellKnownUri(serverIssuer), AuthorizationServerMetadata.MaxLength, "authorization server metadata", cancellationToken).ConfigureAwait(false);
            AuthorizationServerMetadata server;
            try
            {
                server = AuthorizationServerMetadata.Parse(serverBody, serverIssuer);
            }
            catch (CredentialFormatException e)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.IssuerMetadataInvalid, $"The authorization server metadata of {serverIssuer} is not usable ({e.Code}): {e.Message}", innerException: e);
            }

            if (offer.AuthorizationCode is null && server.GrantTypes.Count > 0 && !server.GrantTypes.Contains(CredentialOffer.PreAuthorizedCodeGrantType, StringComparer.Ordinal))
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, $"The authorization server {serverIssuer} does not take pre-authorized codes.");
            }

            if (SoftwareKeys.Choose(server.DpopSigningAlgorithms, noneMeansAny: true) is null)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, $"The authorization server {serverIssuer} takes DPoP proofs only in algorithms this wallet does not make keys for ({string.Join(", ", server.DpopSigningAlgorithms)}).");
            }

            var credentials = offer.CredentialConfigurationIds.Select(id => Offered(id, metadata)).ToList();
            var preview = new OfferPreview(offer, metadata, server, credentials.AsReadOnly());
            IssuanceLog.Previewed(_logger, preview);
            return preview;
        }
        catch (OfferAcceptanceException e) when (Logged(e))
        {
            throw;
        }
    }

    /// <summary>
    /// Accepts a previewed offer: redeems its pre-authorized code, asks for every offered configuration, checks and stores
    /// what arrives, and tells the issuer. Device keys are kept in <paramref name="targets"/> before the credentials are
    /// asked for. A deferred configuration is polled for up to <paramref name="maxWait"/>, honouring the issuer's
    /// interval, and then returned pending.
    /// </summary>
    /// <param name="preview">The preview the person accepted (from <see cref="PreviewAsync"/>).</param>
    /// <param name="transactionCode">The transaction code the person typed, when <see cref="OfferPreview.RequiresTransactionCode"/>; ignored otherwise.</param>
    /// <param name="targets">Where the device keys and the credentials go.</param>
    /// <param name="maxWait">How long to poll a deferred issuance before returning it pending; zero to return it at once.</param>
    /// <param name="cancellationToken">Cancels the issuance; keys already kept stay (they are harmless), nothing half-stored.</param>
    /// <returns>The stored credentials and the pending issuances.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="preview"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is negative.</exception>
    /// <exception cref="OfferAcceptanceException">
    /// A transaction code is needed and missing (<see cref="OfferAcceptanceException.TransactionCodeRequired"/>) or wrong
    /// (<see cref="OfferAcceptanceException.TransactionCodeWrong"/>); the issuer refused
    /// (<see cref="OfferAcceptanceException.TokenRefused"/>, <see cref="OfferAcceptanceException.CredentialRefused"/>),
    /// answered out of protocol (<see cref="OfferAcceptanceException.IssuerResponseInvalid"/>) or not at all
    /// (<see cref="OfferAcceptanceException.IssuerUnreachable"/>); or what it sent fails the checks
    /// (<see cref="OfferAcceptanceException.CredentialMismatch"/>, <see cref="OfferAcceptanceException.IssuerUntrusted"/>)
    /// or cannot be stored (<see cref="OfferAcceptanceException.CredentialNotStored"/>). Configurations stored before the
    /// failure stay stored.
    /// </exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IssuanceResult> AcceptAsync(OfferPreview preview, string? transactionCode, IssuanceTargets targets, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preview);
        CheckTargets(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        try
        {
            var txCode = CheckTransactionCode(preview, transactionCode);
            var deadline = _time.GetUtcNow() + maxWait;
            var channel = new ServiceChannel(_http, _options.RequestTimeout, OfferAcceptanceException.IssuerUnreachable);
            using var session = IssuanceSession.Start(channel, SoftwareKeys.Choose(preview.AuthorizationServer.DpopSigningAlgorithms, noneMeansAny: true)!, _time);
            await RedeemAsync(session, preview, txCode, cancellationToken).ConfigureAwait(false);
            return await ReceiveAsync(session, preview, targets, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (OfferAcceptanceException e) when (Logged(e))
        {
            throw;
        }
    }

    /// <summary>
    /// Asks again for the credentials of a deferred issuance, waiting for the issuer's interval, for up to
    /// <paramref name="maxWait"/>; what arrives is checked, stored and acknowledged as by <see cref="AcceptAsync"/>.
    /// </summary>
    /// <param name="pending">The pending issuance (from <see cref="IssuanceResult.Pending"/> or <see cref="PendingIssuance.Import"/>).</param>
    /// <param name="targets">Where the credentials go: the wallet that keeps the device keys made when they were asked for.</param>
    /// <param name="maxWait">How long to keep asking; zero to ask once if the issuer's interval has passed.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The stored credentials, or the issuance still pending (with its next poll time).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pending"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWait"/> is negative.</exception>
    /// <exception cref="OfferAcceptanceException">As for <see cref="AcceptAsync"/>: the issuer refused (e.g. the transaction expired), could not be reached, or what it sent fails the checks.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IssuanceResult> ResumeAsync(PendingIssuance pending, IssuanceTargets targets, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        CheckTargets(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        try
        {
            var state = pending.State;
            var channel = new ServiceChannel(_http, _options.RequestTimeout, OfferAcceptanceException.IssuerUnreachable);
            channel.KeepDpopNonce(state.DeferredEndpoint, state.DpopNonce);
            using var session = IssuanceSession.Resume(channel, state.DpopJwk, state.AccessToken, state.DpopBound, _time);
            var outcome = await PollAsync(session, state, targets, _time.GetUtcNow() + maxWait, cancellationToken).ConfigureAwait(false);
            return new IssuanceResult(outcome.Stored, outcome.Pending is { } still ? [still] : []);
        }
        catch (OfferAcceptanceException e) when (Logged(e))
        {
            throw;
        }
    }

    /// <summary>Names the client's policy, never a secret.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"OpenId4VciClient(batches up to {_options.MaxBatchSize}, issuer trust {(_options.IssuerTrustAnchors is null ? "not configured" : "configured")})";

    private static void CheckTargets(IssuanceTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(targets.Credentials, nameof(targets));
        ArgumentNullException.ThrowIfNull(targets.DeviceKeys, nameof(targets));
    }

    // The offer's code may name one of the issuer's authorization servers; otherwise the first the metadata names, or
    // the issuer itself (OpenID4VCI 1.0 §12.2.4).
    private static string AuthorizationServerOf(CredentialOffer offer, string? namedServer, CredentialIssuerMetadata metadata)
    {
        if (namedServer is { } named)
        {
            return metadata.AuthorizationServers.Contains(named, StringComparer.Ordinal)
                ? named
                : throw new OfferAcceptanceException(OfferAcceptanceException.IssuerMetadataInvalid, $"The offer names the authorization server {named}, which the issuer's metadata does not list.");
        }

        return metadata.AuthorizationServers.Count > 0 ? metadata.AuthorizationServers[0] : offer.CredentialIssuer;
    }

    private OfferedCredential Offered(string id, CredentialIssuerMetadata metadata)
    {
        if (!metadata.Configurations.TryGetValue(id, out var configuration))
        {
            throw metadata.OtherFormatConfigurationIds.Contains(id, StringComparer.Ordinal)
                ? new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, $"The offered configuration {id} is in a format this wallet does not read.")
                : new OfferAcceptanceException(OfferAcceptanceException.IssuerMetadataInvalid, $"The offered configuration {id} is not in the issuer's metadata.");
        }

        var algorithm = SoftwareKeys.Choose(configuration.ProofSigningAlgorithms, noneMeansAny: false)
            ?? throw new OfferAcceptanceException(OfferAcceptanceException.OfferUnsupported, configuration.ProofSigningAlgorithms.Count == 0
                ? $"The configuration {id} binds its credentials to no key (or takes no jwt proofs); this wallet presents only key-bound credentials."
                : $"The configuration {id} takes key proofs only in algorithms this wallet does not make keys for ({string.Join(", ", configuration.ProofSigningAlgorithms)}).");
        var format = configuration.Format == CredentialConfiguration.MdocFormat ? CredentialFormat.Mdoc : CredentialFormat.SdJwtVc;
        var known = _options.DocumentTypes.TryGet(configuration.Type, out var type)
            && string.Equals(format == CredentialFormat.Mdoc ? type.DocType : type.Vct, configuration.Type, StringComparison.Ordinal)
            ? type
            : null;
        return new OfferedCredential
        {
            ConfigurationId = id,
            Format = format,
            Type = configuration.Type,
            Display = configuration.Display,
            NameJa = LocalizedName.Find(configuration.Display, "ja") ?? known?.DisplayNameJa,
            NameEn = LocalizedName.Find(configuration.Display, "en") ?? known?.DisplayNameEn,
            KnownType = known,
            BatchSize = Math.Min(metadata.BatchSize ?? 1, _options.MaxBatchSize),
            ProofAlgorithm = algorithm,
        };
    }

    private static string? CheckTransactionCode(OfferPreview preview, string? transactionCode)
    {
        if (preview.TransactionCode is not { } spec)
        {
            return null;
        }

        if (string.IsNullOrEmpty(transactionCode))
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.TransactionCodeRequired, "The offer needs the transaction code the issuer sent apart.");
        }

        if ((spec.Length is { } length && transactionCode.Length != length)
            || (spec.InputMode == "numeric" && !transactionCode.All(char.IsAsciiDigit)))
        {
            // Nothing is sent: a code that cannot be right would only spend one of the person's attempts.
            throw new OfferAcceptanceException(OfferAcceptanceException.TransactionCodeWrong, $"The transaction code does not fit the offer ({(spec.InputMode == "numeric" ? "digits" : "text")}{(spec.Length is { } n ? $", {n} characters" : string.Empty)}); it was not sent.");
        }

        return transactionCode;
    }

    private static async Task<CredentialOffer> FetchOfferAsync(ServiceChannel channel, Uri offerUri, CancellationToken cancellationToken)
    {
        var body = await GetDocumentAsync(channel, offerUri, CredentialOffer.MaxLength, "credential offer", cancellationToken).ConfigureAwait(false);
        try
        {
            return CredentialOffer.Parse(Encoding.UTF8.GetString(body));
        }
        catch (CredentialFormatException e)
        {
            throw new OfferAcceptanceException(OfferAcceptanceException.OfferInvalid, $"The offer fetched from {ServiceChannel.Describe(offerUri)} does not read ({e.Code}): {e.Message}", innerException: e);
        }
    }

    private static async Task<byte[]> GetDocumentAsync(ServiceChannel channel, Uri url, int maxLength, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var answer = await channel.SendAsync(request, maxLength, cancellationToken).ConfigureAwait(false);
        return answer.IsOk
            ? answer.Body
            : throw new OfferAcceptanceException(channel.UnreachableCode, $"The {what} at {ServiceChannel.Describe(url)} cannot be had (HTTP {(int)answer.Status}).", answer.Error);
    }

    // An exception filter: logs the failure and lets it pass on unchanged.
    private bool Logged(OfferAcceptanceException e)
    {
        IssuanceLog.Failed(_logger, e.Code, e.IssuerError?.Error);
        return false;
    }
}
