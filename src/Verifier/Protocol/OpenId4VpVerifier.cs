using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Dcql;
using Honnin.Jose;
using Honnin.OpenId4Vc;
using Honnin.Registration;
using Honnin.Verifier.Logging;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Verifier.Protocol;

/// <summary>
/// An agency's OpenID4VP 1.0 verifier service, framework-free. The requesting system creates a transaction from a DCQL
/// query and a purpose; the wallet fetches the signed request object by <c>request_uri</c> (GET, or POST with its
/// <c>wallet_nonce</c>), and posts its <c>vp_token</c> to the <c>response_uri</c> — as a form (<c>direct_post</c>) or
/// encrypted to the transaction's own ephemeral key (<c>direct_post.jwt</c>). Every presentation goes through the
/// format's verifier bound to the transaction (mdoc: the <c>OpenID4VPHandover</c> transcript; SD-JWT VC: the full
/// prefixed client id as audience and the transaction's nonce), and the whole <c>vp_token</c> must answer the query
/// exactly (<see cref="DcqlVpTokenCheck"/>: nothing missing, nothing extra). A transaction is answered once, whichever
/// instance receives the answer. Each handler returns a <see cref="ProtocolResponse"/>; <c>Honnin.AspNetCore</c> maps
/// them onto routes.
/// </summary>
public sealed class OpenId4VpVerifier
{
    /// <summary>The path, under the base URL, where request objects are served.</summary>
    public const string RequestPath = "/request/";

    /// <summary>The path, under the base URL, where wallets post responses.</summary>
    public const string ResponsePath = "/response/";

    /// <summary>The media type of a request object served by <c>request_uri</c>.</summary>
    public const string RequestObjectType = "application/oauth-authz-req+jwt";

    private readonly IVerifierTransactionStore _store;
    private readonly MdocVerifier? _mdoc;
    private readonly SdJwtVcVerifier? _sdJwt;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _baseUri;
    private readonly HashSet<string> _encryptions;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Who the verifier is and what it accepts.</param>
    /// <param name="store">Where transactions are kept.</param>
    /// <param name="mdoc">The mdoc verifier (its trust, its policy), or null to accept no mdoc.</param>
    /// <param name="sdJwt">The SD-JWT VC verifier, or null to accept no SD-JWT VC.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where events go (ids and codes only, never a value).</param>
    /// <exception cref="ArgumentException">The options are out of range, the DNS name is not in the certificate, or neither format has a verifier.</exception>
    public OpenId4VpVerifier(OpenId4VpVerifierOptions options, IVerifierTransactionStore store, MdocVerifier? mdoc, SdJwtVcVerifier? sdJwt, TimeProvider? timeProvider = null, ILogger<OpenId4VpVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        if (mdoc is null && sdJwt is null)
        {
            throw new ArgumentException("The service needs an mdoc verifier, an SD-JWT VC verifier, or both.", nameof(mdoc));
        }

        using var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(options.CertificateChain[0].Span);
        ClientId = options.DnsName is null ? ClientId.ForCertificateHash(leaf) : ClientId.ForDnsName(options.DnsName);
        if (!ClientId.Names(leaf))
        {
            throw new ArgumentException("The DNS name is not one of the leaf certificate's.", nameof(options));
        }

        Options = options;
        _store = store;
        _mdoc = mdoc;
        _sdJwt = sdJwt;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<OpenId4VpVerifier>.Instance;
        _baseUri = options.BaseUri.AbsoluteUri.TrimEnd('/');
        _encryptions = [.. options.EncryptionValues];
    }

    /// <summary>The service's options.</summary>
    public OpenId4VpVerifierOptions Options { get; }

    /// <summary>The verifier's client identifier, prefix included: what every presentation is bound to.</summary>
    public ClientId ClientId { get; }

    /// <summary>Creates a transaction: what to ask the person for, and why.</summary>
    /// <param name="query">The DCQL query.</param>
    /// <param name="purpose">What the elements are for, shown to the person; null for the registered purpose alone.</param>
    /// <param name="responseMode"><c>direct_post</c> or <c>direct_post.jwt</c>; null for the configured default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction's id (for the result) and the link for the wallet.</returns>
    /// <exception cref="ArgumentException">The response mode is neither, or the purpose is longer than 512 characters.</exception>
    public async Task<CreatedTransaction> CreateTransactionAsync(DcqlQuery query, string? purpose = null, string? responseMode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        responseMode ??= Options.DefaultResponseMode;
        if (responseMode is not (OpenId4VpRequest.DirectPost or OpenId4VpRequest.DirectPostJwt))
        {
            throw new ArgumentException("The response mode is direct_post or direct_post.jwt.", nameof(responseMode));
        }

        var transaction = await AddTransactionAsync(query, purpose, responseMode, cancellationToken).ConfigureAwait(false);
        var requestUri = new Uri(_baseUri + RequestPath + transaction.RequestId);
        return new CreatedTransaction(transaction.Id, OpenId4VpRequestLink.ByReference(ClientId, requestUri, post: true), requestUri, transaction.ExpiresAt);
    }

    private async Task<VerifierTransaction> AddTransactionAsync(DcqlQuery query, string? purpose, string responseMode, CancellationToken cancellationToken)
    {
        if (purpose is { Length: > 512 } || (purpose is not null && purpose.Any(char.IsControl)))
        {
            throw new ArgumentException("A purpose is at most 512 characters, without control characters.", nameof(purpose));
        }

        string? key = null;
        if (responseMode is OpenId4VpRequest.DirectPostJwt or OpenId4VpRequest.DcApiJwt)
        {
            using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            key = PrivateJsonWebKey.Write(ephemeral, keyId: Random(9));
        }

        var now = _time.GetUtcNow();
        var transaction = new VerifierTransaction(Random(18), Random(18), Random(24), Random(18), StrictJson.Serialize(query.ToJson()), purpose, responseMode, key, now, now + Options.TransactionLifetime);
        await _store.AddAsync(transaction, cancellationToken).ConfigureAwait(false);
        VerifierLog.TransactionCreated(_logger, transaction.RequestId, responseMode);
        return transaction;
    }

    /// <summary>
    /// Serves the request object of a transaction (<c>request_uri</c>): with GET as is, with POST
    /// (<c>request_uri_method=post</c>) with the wallet's <c>wallet_nonce</c> echoed.
    /// </summary>
    /// <param name="requestId">The request id from the path.</param>
    /// <param name="request">The HTTP request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The signed request object (<see cref="RequestObjectType"/>), or an error.</returns>
    public async Task<ProtocolResponse> RequestObjectAsync(string requestId, ProtocolRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var (transaction, refused) = await FindLinkedAsync(requestId, now, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        string? walletNonce = null;
        if (request.Method == "POST")
        {
            if (!FormBody.TryParse(request.Body.Span, out var form, out var problem))
            {
                return Error(400, "invalid_request", problem, OpenId4VpFailureCodes.BodyMalformed);
            }

            walletNonce = form.GetValueOrDefault("wallet_nonce");
            if (walletNonce is { Length: > 256 })
            {
                return Error(400, "invalid_request", "wallet_nonce is longer than 256 characters.", OpenId4VpFailureCodes.BodyMalformed);
            }
        }

        var signed = await BuildRequest(transaction!, now, walletNonce).SignAsync(Options.Signer, Options.CertificateChain, cancellationToken).ConfigureAwait(false);
        return new ProtocolResponse(200, signed.Jws!.Text, RequestObjectType) { Headers = new Dictionary<string, string> { ["Cache-Control"] = "no-store" } };
    }

    /// <summary>The request a transaction is asked with, before it is signed.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="now">When it is made.</param>
    /// <param name="walletNonce">The wallet's nonce to echo, if any.</param>
    /// <param name="expectedOrigins">For a signed DC API request: the verifier's page origins.</param>
    /// <returns>The request.</returns>
    private OpenId4VpRequest BuildRequest(VerifierTransaction transaction, DateTimeOffset now, string? walletNonce, IReadOnlyList<string>? expectedOrigins = null) => new()
    {
        ClientId = ClientId,
        ResponseMode = transaction.ResponseMode,
        ResponseUri = transaction.ResponseMode is OpenId4VpRequest.DcApi or OpenId4VpRequest.DcApiJwt ? null : ResponseUri(transaction),
        Nonce = transaction.Nonce,
        State = transaction.State,
        DcqlQuery = transaction.Query,
        Purpose = transaction.Purpose,
        EncryptionKeys = transaction.EncryptionKey is { } key ? [EncryptionKey(key)] : [],
        EncryptionValues = transaction.EncryptionKey is null ? [] : Options.EncryptionValues,
        IssuedAt = now,
        ExpiresAt = transaction.ExpiresAt,
        Audience = expectedOrigins is null ? OpenId4VpRequest.SelfIssuedAudience : null,
        WalletNonce = walletNonce,
        ExpectedOrigins = expectedOrigins ?? [],
    };

    /// <summary>
    /// Receives a wallet's response at the <c>response_uri</c>: reads the form (decrypting <c>response</c> for
    /// <c>direct_post.jwt</c>), checks <c>state</c>, verifies every presentation bound to the transaction and the
    /// <c>vp_token</c> against the query, and records the outcome once. A response that does not read, is not
    /// encrypted as asked, or names another transaction's state is refused and leaves the transaction open; a response
    /// whose presentations do not verify is recorded as invalid.
    /// </summary>
    /// <param name="requestId">The request id from the path.</param>
    /// <param name="request">The HTTP request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>200 with a <c>redirect_uri</c> when one is configured, or an error.</returns>
    public async Task<ProtocolResponse> ResponseAsync(string requestId, ProtocolRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var (transaction, refused) = await FindLinkedAsync(requestId, now, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (!FormBody.TryParse(request.Body.Span, Options.MaxResponseBody, out var form, out var problem))
        {
            return Error(400, "invalid_request", problem, OpenId4VpFailureCodes.BodyMalformed);
        }

        var (response, refusal) = Read(transaction!, form);
        if (response is null)
        {
            return refusal!;
        }

        if (response.State != transaction!.State)
        {
            return Error(400, "invalid_request", "The response's state is not this transaction's.", OpenId4VpFailureCodes.StateMismatch);
        }

        var outcome = response.Error is not null
            ? TransactionResult.WalletDeclined(response.Error)
            : await VerifyAsync(transaction, response.VpToken!, now, origin: null, cancellationToken).ConfigureAwait(false);
        string? code = Options.RedirectUri is null ? null : Random(24);
        var recorded = new VerifierTransactionOutcome(now, outcome.IsValid, StrictJson.Serialize(outcome.ToJson()), code is null ? null : ResponseCodeHash(code));
        if (!await _store.TryCompleteAsync(transaction.Id, recorded, cancellationToken).ConfigureAwait(false))
        {
            return Error(400, "invalid_request", "The transaction was already answered.", OpenId4VpFailureCodes.TransactionAnswered);
        }

        VerifierLog.TransactionAnswered(_logger, transaction.RequestId, outcome.IsValid, outcome.Failures.Select(f => f.Code));
        var body = new JsonObject();
        if (code is not null)
        {
            body["redirect_uri"] = Options.RedirectUri!.AbsoluteUri.Split('#')[0] + "#response_code=" + code;
        }

        return ProtocolResponse.NoStore(200, body);
    }

    /// <summary>
    /// Creates a transaction answered over the W3C Digital Credentials API (OpenID4VP 1.0 Appendix A), for the
    /// verifier's own page to pass to <c>navigator.credentials.get</c>: signed (<c>openid4vp-v1-signed</c>, the request
    /// object with <c>expected_origins</c> = <see cref="OpenId4VpVerifierOptions.DcApiOrigins"/>) or unsigned
    /// (<c>openid4vp-v1-unsigned</c>, no client id: the wallet knows the verifier only by its web origin). The answer
    /// comes back through the page: <see cref="DcApiResponseAsync"/>.
    /// </summary>
    /// <param name="query">The DCQL query.</param>
    /// <param name="purpose">What the elements are for; null for the registered purpose alone.</param>
    /// <param name="signed">Whether to sign the request with the verifier's certificate.</param>
    /// <param name="encrypted">Whether the wallet encrypts its answer (<c>dc_api.jwt</c>, the default) or not (<c>dc_api</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The transaction id, the protocol and the request's <c>data</c>.</returns>
    /// <exception cref="InvalidOperationException">No DC API origin is configured.</exception>
    public async Task<DcApiRequest> CreateDcApiTransactionAsync(DcqlQuery query, string? purpose = null, bool signed = true, bool encrypted = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Options.DcApiOrigins.Count == 0)
        {
            throw new InvalidOperationException("The DC API needs the verifier's page origins: OpenId4VpVerifierOptions.DcApiOrigins.");
        }

        var transaction = await AddTransactionAsync(query, purpose, encrypted ? OpenId4VpRequest.DcApiJwt : OpenId4VpRequest.DcApi, cancellationToken).ConfigureAwait(false);
        var request = BuildRequest(transaction, _time.GetUtcNow(), walletNonce: null, expectedOrigins: signed ? Options.DcApiOrigins : []);
        if (!signed)
        {
            return new DcApiRequest(transaction.Id, DcApiRequest.UnsignedProtocol, request.ToUnsignedDcApiData(), transaction.ExpiresAt);
        }

        var jws = (await request.SignAsync(Options.Signer, Options.CertificateChain, cancellationToken).ConfigureAwait(false)).Jws!;
        return new DcApiRequest(transaction.Id, DcApiRequest.SignedProtocol, new JsonObject { ["request"] = jws.Text }, transaction.ExpiresAt);
    }

    /// <summary>
    /// Receives the <c>data</c> a DC API call returned to the verifier's page, which passes it on with the origin it runs
    /// at: decrypts it for <c>dc_api.jwt</c>, verifies every presentation bound to that origin (SD-JWT VC: <c>aud</c>
    /// <c>origin:</c> and the origin; mdoc: the <c>OpenID4VPDCAPIHandover</c> transcript) and the <c>vp_token</c>
    /// against the query, and records the outcome once.
    /// </summary>
    /// <param name="transactionId">The transaction id from <see cref="CreateDcApiTransactionAsync"/>.</param>
    /// <param name="origin">The page's origin; one of <see cref="OpenId4VpVerifierOptions.DcApiOrigins"/>.</param>
    /// <param name="data">The <c>data</c> of the returned credential.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result, or a refusal (unknown, answered, expired, not readable) with its code.</returns>
    public async Task<(TransactionResult? Result, ProtocolResponse? Refusal)> DcApiResponseAsync(string transactionId, string origin, JsonObject data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(data);
        var now = _time.GetUtcNow();
        var transaction = await _store.GetAsync(transactionId, cancellationToken).ConfigureAwait(false);
        if (Refusal(transaction, now) is { } refused)
        {
            return (null, refused);
        }

        if (transaction!.ResponseMode is not (OpenId4VpRequest.DcApi or OpenId4VpRequest.DcApiJwt))
        {
            return (null, Error(400, "invalid_request", "The transaction is not answered over the DC API.", OpenId4VpFailureCodes.TransactionUnknown));
        }

        if (!Options.DcApiOrigins.Contains(origin, StringComparer.Ordinal))
        {
            return (null, Error(400, "invalid_request", "The origin is not one of the verifier's DC API origins.", OpenId4VpFailureCodes.OriginMismatch));
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in data)
        {
            form[name] = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : StrictJson.Serialize(value);
        }

        var (response, refusal) = Read(transaction, form);
        if (response is null)
        {
            return (null, refusal);
        }

        var outcome = response.Error is not null
            ? TransactionResult.WalletDeclined(response.Error)
            : await VerifyAsync(transaction, response.VpToken!, now, origin, cancellationToken).ConfigureAwait(false);
        var recorded = new VerifierTransactionOutcome(now, outcome.IsValid, StrictJson.Serialize(outcome.ToJson()), null);
        if (!await _store.TryCompleteAsync(transaction.Id, recorded, cancellationToken).ConfigureAwait(false))
        {
            return (null, Error(400, "invalid_request", "The transaction was already answered.", OpenId4VpFailureCodes.TransactionAnswered));
        }

        VerifierLog.TransactionAnswered(_logger, transaction.RequestId, outcome.IsValid, outcome.Failures.Select(f => f.Code));
        return (outcome, null);
    }

    /// <summary>
    /// Removes the transactions that expired more than <see cref="OpenId4VpVerifierOptions.ResultRetention"/> ago, with
    /// their results: the verified elements are not kept longer than the requesting system needs them. A host calls it
    /// now and then (<c>Honnin.AspNetCore</c> does, every few minutes).
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were removed.</returns>
    public Task<int> PurgeAsync(CancellationToken cancellationToken = default) =>
        _store.PurgeAsync(_time.GetUtcNow() - Options.ResultRetention, cancellationToken);

    /// <summary>The result of a transaction for the requesting system.</summary>
    /// <param name="id">The transaction id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result, or null when no transaction has that id.</returns>
    public async Task<TransactionResult?> GetResultAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await _store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } transaction
            ? TransactionResult.Of(transaction, _time.GetUtcNow())
            : null;
    }

    /// <summary>The result a same-device redirect's response code stands for, once: the code is spent by reading it.</summary>
    /// <param name="responseCode">The code from the redirect's fragment.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result, or null when no answer has that code or it was already read.</returns>
    public async Task<TransactionResult?> GetResultByResponseCodeAsync(string responseCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responseCode);
        return responseCode.Length is > 0 and <= 64 && await _store.RedeemResponseCodeAsync(ResponseCodeHash(responseCode), cancellationToken).ConfigureAwait(false) is { } transaction
            ? TransactionResult.Of(transaction, _time.GetUtcNow())
            : null;
    }

    private (OpenId4VpResponse? Response, ProtocolResponse? Refusal) Read(VerifierTransaction transaction, Dictionary<string, string> form)
    {
        try
        {
            if (transaction.EncryptionKey is { } key)
            {
                if (!form.TryGetValue("response", out var jwe) || form.ContainsKey("vp_token"))
                {
                    return (null, Error(400, "invalid_request", "This transaction takes an encrypted response (direct_post.jwt).", OpenId4VpFailureCodes.EncryptionRequired));
                }

                using var recipient = PrivateJsonWebKey.ReadECDiffieHellman(key);
                var plaintext = CompactJwe.Parse(jwe).Decrypt(recipient, _encryptions);
                return (OpenId4VpResponse.FromJson(plaintext), null);
            }

            if (form.ContainsKey("response"))
            {
                return (null, Error(400, "invalid_request", "This transaction takes a plain response (direct_post).", OpenId4VpFailureCodes.EncryptionRequired));
            }

            return (OpenId4VpResponse.FromForm(form), null);
        }
        catch (CredentialFormatException e)
        {
            return (null, Error(400, "invalid_request", e.Message, e.Code));
        }
    }

    private async Task<TransactionResult> VerifyAsync(VerifierTransaction transaction, VpToken token, DateTimeOffset now, string? origin, CancellationToken cancellationToken)
    {
        var query = DcqlQuery.Parse(transaction.Query);
        var failures = new List<TransactionFailure>();
        var described = new Dictionary<string, IReadOnlyList<IDcqlCredential>>(StringComparer.Ordinal);
        var documents = new List<(string QueryId, VerifiedDocument Document)>();
        var thumbprint = transaction.EncryptionKey is { } key ? (ReadOnlyMemory<byte>?)JwkThumbprint.Sha256(EncryptionKey(key)) : null;
        foreach (var (id, presentations) in token.Presentations)
        {
            var credentialQuery = query.Find(id);
            var list = new List<IDcqlCredential>();
            if (credentialQuery is null)
            {
                // An id the query does not have: the check reports it as unexpected.
                described[id] = list;
                continue;
            }

            foreach (var presentation in presentations)
            {
                var (result, dcql) = credentialQuery.Format switch
                {
                    DcqlFormats.Mdoc => await VerifyMdocAsync(presentation, transaction, thumbprint, now, origin, cancellationToken).ConfigureAwait(false),
                    DcqlFormats.SdJwtVc => await VerifySdJwtAsync(presentation, transaction, now, origin, cancellationToken).ConfigureAwait(false),
                    _ => (null, null),
                };
                if (result is null)
                {
                    failures.Add(new TransactionFailure(OpenId4VpFailureCodes.FormatNotVerified, $"No verifier for the format {credentialQuery.Format}.", id));
                    continue;
                }

                failures.AddRange(result.Failures.Select(f => new TransactionFailure(f.Code, f.Message, id)));
                if (result.IsValid && dcql is not null)
                {
                    list.Add(dcql);
                    documents.AddRange(result.Documents.Select(d => (id, d)));
                }
            }

            if (list.Count > 0)
            {
                described[id] = list;
            }
        }

        // Failed presentations are left out before the query is checked (OpenID4VP §8.6), and reported: a query whose
        // every presentation failed is then missing, not empty.
        var check = DcqlVpTokenCheck.Check(query, described);
        failures.AddRange(check.Failures.Select(f => new TransactionFailure(f.Code, f.Message, f.CredentialQueryId)));
        return new TransactionResult(failures.Count == 0 ? TransactionState.Valid : TransactionState.Invalid, documents, failures, transaction.Purpose);
    }

    private async Task<(VerificationResult?, IDcqlCredential?)> VerifyMdocAsync(string presentation, VerifierTransaction transaction, ReadOnlyMemory<byte>? thumbprint, DateTimeOffset now, string? origin, CancellationToken cancellationToken)
    {
        if (_mdoc is null)
        {
            return (null, null);
        }

        if (!Base64UrlEncoding.TryDecode(presentation, out var bytes))
        {
            return (Malformed("An mdoc presentation is not base64url."), null);
        }

        // Over the DC API the answer is bound to the page's origin; by redirect, to the client id and the response URI.
        var transcript = origin is not null
            ? Honnin.Mdoc.SessionTranscript.ForOpenId4VpDcApi(origin, transaction.Nonce, thumbprint)
            : Honnin.Mdoc.SessionTranscript.ForOpenId4Vp(ClientId.Value, transaction.Nonce, thumbprint, ResponseUri(transaction).AbsoluteUri);
        var result = await _mdoc.VerifyAsync(bytes, new MdocSession(transcript, At: now), cancellationToken).ConfigureAwait(false);
        if (result.IsValid && result.Documents.Count != 1)
        {
            return (Malformed("An mdoc presentation holds exactly one document (one DeviceResponse per mdoc)."), null);
        }

        if (!result.IsValid)
        {
            return (result, null);
        }

        var document = result.Documents[0];
        var nameSpaces = document.Elements.ToDictionary(
            ns => ns.Key,
            ns => (IReadOnlyDictionary<string, JsonNode?>)ns.Value.ToDictionary(e => e.Key, e => DcqlCredential.MdocElementValue(e.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return (result, DcqlCredential.ForMdoc(document.DocType, nameSpaces, DcqlHolderBinding.Cryptographic));
    }

    private async Task<(VerificationResult?, IDcqlCredential?)> VerifySdJwtAsync(string presentation, VerifierTransaction transaction, DateTimeOffset now, string? origin, CancellationToken cancellationToken)
    {
        if (_sdJwt is null)
        {
            return (null, null);
        }

        var audience = origin is null ? ClientId.Value : OpenId4VpRequest.OriginPrefix + origin;
        var result = await _sdJwt.VerifyAsync(presentation, new SdJwtSession(audience, transaction.Nonce, now), cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (result, null);
        }

        // An SD-JWT without key binding ends with '~' (RFC 9901 §4); with one, the verifier checked it.
        var document = result.Documents[0];
        var binding = presentation.EndsWith('~') ? DcqlHolderBinding.None : DcqlHolderBinding.Cryptographic;
        return (result, DcqlCredential.ForSdJwtVc(document.Claims!, document.DisclosedClaims ?? [], binding));
    }

    private static VerificationResult Malformed(string message) =>
        new([], [new VerificationFailure(OpenId4VpFailureCodes.PresentationMalformed, message)], [], []);

    private Uri ResponseUri(VerifierTransaction transaction) => new(_baseUri + ResponsePath + transaction.RequestId);

    private static JsonWebKey EncryptionKey(string privateJwk)
    {
        using var key = PrivateJsonWebKey.ReadECDiffieHellman(privateJwk);
        var kid = StrictJson.ParseObject(Encoding.UTF8.GetBytes(privateJwk))["kid"]?.GetValue<string>();
        return JsonWebKey.FromCoseKey(CoseKey.FromECParameters(key.ExportParameters(false)), kid);
    }

    // The open transaction a request id names, for the request_uri and response_uri: a DC API transaction has neither.
    private async Task<(VerifierTransaction? Transaction, ProtocolResponse? Refusal)> FindLinkedAsync(string requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var transaction = await _store.FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false);
        if (transaction is { ResponseMode: OpenId4VpRequest.DcApi or OpenId4VpRequest.DcApiJwt })
        {
            transaction = null;
        }

        return (transaction, Refusal(transaction, now));
    }

    private static ProtocolResponse? Refusal(VerifierTransaction? transaction, DateTimeOffset now) =>
        transaction is null ? Error(404, "invalid_request", "No such transaction.", OpenId4VpFailureCodes.TransactionUnknown)
        : transaction.IsAnswered ? Error(400, "invalid_request", "The transaction was already answered.", OpenId4VpFailureCodes.TransactionAnswered)
        : now >= transaction.ExpiresAt ? Error(400, "invalid_request", "The transaction expired.", OpenId4VpFailureCodes.TransactionExpired)
        : null;

    private static ProtocolResponse Error(int status, string error, string description, string code) =>
        ProtocolResponse.Failure(status, new OAuthError(error, description)) with { Code = code };

    private static string ResponseCodeHash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static string Random(int bytes) => Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(bytes));
}

/// <summary>A transaction to be answered over the DC API: what the verifier's page passes to <c>navigator.credentials.get</c>.</summary>
/// <param name="TransactionId">The transaction id: the page's backend reads the result with it.</param>
/// <param name="Protocol"><see cref="SignedProtocol"/> or <see cref="UnsignedProtocol"/>.</param>
/// <param name="Data">The request's <c>data</c>.</param>
/// <param name="ExpiresAt">Until when the wallet may answer.</param>
public sealed record DcApiRequest(string TransactionId, string Protocol, JsonObject Data, DateTimeOffset ExpiresAt)
{
    /// <summary>The protocol identifier of a signed OpenID4VP request over the DC API.</summary>
    public const string SignedProtocol = "openid4vp-v1-signed";

    /// <summary>The protocol identifier of an unsigned OpenID4VP request over the DC API.</summary>
    public const string UnsignedProtocol = "openid4vp-v1-unsigned";

    /// <summary>The request's <c>data</c>; each read returns a new copy.</summary>
    public JsonObject Data
    {
        get => (JsonObject)field.DeepClone();
        init => field = (JsonObject)value.DeepClone();
    } = (JsonObject)Data.DeepClone();
}

/// <summary>A transaction just created.</summary>
/// <param name="Id">The transaction id: the requesting system reads the result with it. Not for the wallet.</param>
/// <param name="RequestLink">The <c>openid4vp://</c> link for the wallet (a QR code or a same-device link).</param>
/// <param name="RequestUri">Where the wallet fetches the request object.</param>
/// <param name="ExpiresAt">Until when the wallet may answer.</param>
public sealed record CreatedTransaction(string Id, string RequestLink, Uri RequestUri, DateTimeOffset ExpiresAt);
