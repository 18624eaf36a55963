using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Dcql;
using Honnin.DocumentTypes;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.OpenId4Vc;
using Honnin.SdJwt;

namespace Honnin.Holder.Presentation;

/// <summary>
/// The wallet side of OpenID4VP 1.0 with DCQL. <see cref="ResolveAsync"/> reads an <c>openid4vp://</c> link, fetches
/// the signed request object (POST with a fresh <c>wallet_nonce</c> when the link asks for it), checks it — signature,
/// the certificate chain to a reader or registrar root, the <c>client_id</c> against the certificate and the link,
/// freshness, "stop sharing" — and evaluates the DCQL query into one <see cref="PresentationPlan"/> per credential
/// query, under the same policy as every other presentation (never-share, deny list, pseudonyms only to a verifier
/// registered for their domain, nothing beyond what an unregistered verifier may get). <see cref="RespondAsync"/> builds
/// the <c>vp_token</c> from the plans as the person confirmed them — SD-JWT+KB with <c>aud</c> the full client id, one
/// DeviceResponse per mdoc over the <c>OpenID4VPHandover</c> transcript — encrypts it for <c>direct_post.jwt</c>, and
/// posts it to the <c>response_uri</c>.
/// </summary>
/// <remarks>
/// Give it an <see cref="HttpClient"/> whose handler has <c>AllowAutoRedirect = false</c>: the client follows no
/// redirect and talks only https (plain http to loopback). Thread-safe; nothing it throws carries a value or key.
/// </remarks>
public sealed class OpenId4VpClient
{
    private const int MaxRequestObject = OpenId4VpRequest.MaxLength;
    private const int MaxVerifierAnswer = 16 * 1024;

    private readonly MdocHolder _mdoc;
    private readonly SdJwtVcHolder _sdJwt;
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the client over the wallet's two holders (which share one store).</summary>
    /// <param name="mdoc">The mdoc holder.</param>
    /// <param name="sdJwt">The SD-JWT VC holder.</param>
    /// <param name="httpClient">The app's HTTP client (no automatic redirects); the caller keeps ownership.</param>
    /// <param name="requestTimeout">How long one exchange may take (default 30 seconds).</param>
    public OpenId4VpClient(MdocHolder mdoc, SdJwtVcHolder sdJwt, HttpClient httpClient, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(mdoc);
        ArgumentNullException.ThrowIfNull(sdJwt);
        ArgumentNullException.ThrowIfNull(httpClient);
        _mdoc = mdoc;
        _sdJwt = sdJwt;
        _http = httpClient;
        _timeout = requestTimeout ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeout, TimeSpan.Zero, nameof(requestTimeout));
    }

    /// <summary>Reads a verifier's request and plans the answer.</summary>
    /// <param name="link">The <c>openid4vp://</c> link, as scanned or opened.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The session: who asks, why, and a plan per credential query.</returns>
    /// <exception cref="PresentationRequestException">The link or request does not read (<see cref="PresentationRequestException.RequestInvalid"/>), cannot be fetched, names another client id, or does not echo the wallet's nonce.</exception>
    public async Task<OpenId4VpSession> ResolveAsync(string link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var parsed = Read(() => OpenId4VpRequestLink.Parse(link));
        string text;
        string? walletNonce = null;
        if (parsed.Request is { } byValue)
        {
            text = byValue;
        }
        else
        {
            var channel = Channel(PresentationRequestException.RequestUnreachable);
            using var message = new HttpRequestMessage(parsed.RequestUriMethod == "post" ? HttpMethod.Post : HttpMethod.Get, parsed.RequestUri);
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/oauth-authz-req+jwt"));
            if (parsed.RequestUriMethod == "post")
            {
                walletNonce = Base64UrlEncoding.Encode(RandomNumberGenerator.GetBytes(16));
                message.Content = new StringContent(FormBody.Write([new("wallet_nonce", walletNonce), new("wallet_metadata", StrictJson.Serialize(WalletMetadata()))]), Encoding.UTF8, "application/x-www-form-urlencoded");
            }

            var answer = await channel.SendAsync(message, MaxRequestObject, cancellationToken).ConfigureAwait(false);
            if (!answer.IsOk)
            {
                throw new PresentationRequestException(PresentationRequestException.RequestUnreachable, $"The request object at {ServiceChannel.Describe(parsed.RequestUri!)} cannot be had (HTTP {(int)answer.Status}).", answer.Error);
            }

            text = Encoding.UTF8.GetString(answer.Body).Trim();
        }

        var request = Read(() => OpenId4VpRequest.Parse(text));
        if (request.ClientId.Value != parsed.ClientId)
        {
            throw new PresentationRequestException(PresentationRequestException.ClientIdMismatch, "The request object names another client_id than the link.");
        }

        if (walletNonce is not null && request.WalletNonce != walletNonce)
        {
            throw new PresentationRequestException(PresentationRequestException.WalletNonceMismatch, "The request object does not carry the wallet_nonce the wallet sent.");
        }

        if (request.ResponseMode is not (OpenId4VpRequest.DirectPost or OpenId4VpRequest.DirectPostJwt))
        {
            throw new PresentationRequestException(PresentationRequestException.RequestInvalid, "A request fetched by link is answered with direct_post or direct_post.jwt, not the DC API's modes.");
        }

        var query = Read(() => DcqlQuery.Parse(request.DcqlQuery));
        var requester = await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(request, query, requester, origin: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers with the plans as the person confirmed them: builds the <c>vp_token</c> (credential queries whose plan
    /// releases nothing are left out), encrypts it when the verifier asked for <c>direct_post.jwt</c>, and posts it. When
    /// nothing would be released, the wallet declines instead (<c>access_denied</c>).
    /// </summary>
    /// <param name="session">The session, with the person's confirmed plans.</param>
    /// <param name="cancellationToken">Cancels the answer.</param>
    /// <returns>What was sent, and where the verifier sends the person next.</returns>
    /// <exception cref="PresentationRequestException">The response cannot be delivered, or the verifier refused it.</exception>
    /// <exception cref="InvalidOperationException">A credential of a plan is gone, its batch is spent, its key is not held, or the person stopped sharing meanwhile.</exception>
    public async Task<OpenId4VpOutcome> RespondAsync(OpenId4VpSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Origin is not null)
        {
            throw new PresentationRequestException(PresentationRequestException.PlanMismatch, "The request came over the DC API; answer it with RespondDcApiAsync and hand the data to the platform.");
        }

        var presentations = await PresentAsync(session, cancellationToken).ConfigureAwait(false);
        if (presentations.Count == 0)
        {
            return await DeclineAsync(session, cancellationToken).ConfigureAwait(false);
        }

        var redirect = await PostAsync(session.Request, new OpenId4VpResponse(VpToken.Create(presentations), session.Request.State), cancellationToken).ConfigureAwait(false);
        return new OpenId4VpOutcome([.. presentations.Keys], redirect);
    }

    /// <summary>
    /// Reads a request that came over the W3C Digital Credentials API, as the platform hands it to the wallet: the
    /// request's <c>data</c> (signed, <c>openid4vp-v1-signed</c>, or unsigned) and the origin of the page that called the
    /// API. A signed request is authenticated as one fetched by link, and must name the origin in
    /// <c>expected_origins</c>; an unsigned one names no verifier, so nothing is released to it unless the person adds it.
    /// Every answer is bound to <c>origin:</c> and the origin.
    /// </summary>
    /// <param name="data">The request's <c>data</c>.</param>
    /// <param name="origin">The calling page's origin, from the platform (never from the request).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session.</returns>
    /// <exception cref="PresentationRequestException">The request does not read, or its signed origins do not hold the origin (<see cref="PresentationRequestException.RequestInvalid"/>).</exception>
    public async Task<OpenId4VpSession> ResolveDcApiAsync(JsonObject data, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        var request = Read(() => OpenId4VpRequest.ReadDcApi(data, origin));
        var query = Read(() => DcqlQuery.Parse(request.DcqlQuery));
        var requester = request.Jws is null
            ? await _sdJwt.Pipeline.WithConsentsAsync(RequesterIdentity.Anonymous with { Subject = origin, ClientId = request.ClientId, StatedPurpose = request.Purpose }, cancellationToken).ConfigureAwait(false)
            : await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        return await PlanAsync(request, query, requester, origin, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers a DC API request with the plans as the person confirmed them: the <c>data</c> for the platform to return
    /// to the page — <c>{"response": JWE}</c> for <c>dc_api.jwt</c>, <c>{"vp_token": …}</c> for <c>dc_api</c>, or
    /// <c>{"error": "access_denied"}</c> when nothing would be released.
    /// </summary>
    /// <param name="session">The session from <see cref="ResolveDcApiAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the answer.</param>
    /// <returns>The answer's <c>data</c>, and the credential query ids answered.</returns>
    /// <exception cref="PresentationRequestException">The session did not come over the DC API.</exception>
    public async Task<(JsonObject Data, IReadOnlyList<string> Sent)> RespondDcApiAsync(OpenId4VpSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Origin is null)
        {
            throw new PresentationRequestException(PresentationRequestException.PlanMismatch, "The request did not come over the DC API; answer it with RespondAsync.");
        }

        var presentations = await PresentAsync(session, cancellationToken).ConfigureAwait(false);
        var response = presentations.Count == 0
            ? new OpenId4VpResponse(null, null, "access_denied")
            : new OpenId4VpResponse(VpToken.Create(presentations), null);
        var data = new JsonObject();
        if (session.Request.IsEncrypted)
        {
            data["response"] = Seal(session.Request, response);
        }
        else
        {
            data = response.ToJson();
        }

        return (data, [.. presentations.Keys]);
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> PresentAsync(OpenId4VpSession session, CancellationToken cancellationToken)
    {
        var presentations = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var query in session.Queries)
        {
            if (!query.Plan.Disclosed.Any())
            {
                continue;
            }

            if (query.Format == CredentialFormat.Mdoc)
            {
                var response = await _mdoc.RespondAsync(query.Plan, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (response.Documents.Count > 0)
                {
                    presentations[query.QueryId] = [Base64UrlEncoding.Encode(CborEncoding(response))];
                }
            }
            else if (query.Plan.Binding is SdJwtBinding binding
                && await _sdJwt.RespondAsync(query.Plan, binding.Audience, binding.Nonce, cancellationToken).ConfigureAwait(false) is { } sdJwt)
            {
                presentations[query.QueryId] = [sdJwt];
            }
        }

        return presentations;
    }

    /// <summary>Tells the verifier the person declined (<c>access_denied</c>); nothing is presented.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">Cancels the answer.</param>
    /// <returns>The outcome, with nothing sent.</returns>
    /// <exception cref="PresentationRequestException">The answer cannot be delivered, or the verifier refused it.</exception>
    public async Task<OpenId4VpOutcome> DeclineAsync(OpenId4VpSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Origin is not null)
        {
            throw new PresentationRequestException(PresentationRequestException.PlanMismatch, "The request came over the DC API; decline it by returning RespondDcApiAsync's data with nothing shared, or by cancelling.");
        }

        var redirect = await PostAsync(session.Request, new OpenId4VpResponse(null, session.Request.State, "access_denied", "The person declined."), cancellationToken).ConfigureAwait(false);
        return new OpenId4VpOutcome([], redirect);
    }

    private async Task<RequesterIdentity> AuthenticateAsync(OpenId4VpRequest request, CancellationToken cancellationToken)
    {
        var pipeline = _sdJwt.Pipeline;
        var now = pipeline.Now;
        var jws = request.Jws!;
        // The client id must be the signing certificate's own (its x509_hash, or x509_san_dns with one of its names):
        // any other prefix names no certificate, so nothing the request says could be tied to its signer.
        var requester = jws.X5c.Count == 0
            ? RequesterIdentity.Anonymous.WithProblem(RequesterProblem.RequestNotBound)
            : pipeline.Authenticator.Authenticate(jws.X5c, key => jws.VerifySignature(key), now, claimedAudience: request.ClientId.Value);
        if (!requester.Problems.Contains(RequesterProblem.SignatureInvalid)
            && RequestFreshness.Check(request.IssuedAt, request.ExpiresAt, now, pipeline.Options, sessionBound: false) is { } stale)
        {
            requester = requester.WithProblem(stale);
        }

        // x509_san_dns from a certificate no configured root vouches for: the answer may only go to that DNS name
        // (OpenID4VP 1.0 §5.9.3), or a certificate for one host would collect answers at any other.
        if (request.ClientId.IsX509SanDns && !requester.Authenticated && request.ResponseUri is { } responseUri
            && !string.Equals(responseUri.IdnHost, request.ClientId.Value[Registration.ClientId.X509SanDnsPrefix.Length..], StringComparison.OrdinalIgnoreCase)
            && !requester.Problems.Contains(RequesterProblem.RequestNotBound))
        {
            requester = requester.WithProblem(RequesterProblem.RequestNotBound);
        }

        requester = await pipeline.WithConsentsAsync(requester, cancellationToken).ConfigureAwait(false);
        return requester with { StatedPurpose = request.Purpose };
    }

    private async Task<OpenId4VpSession> PlanAsync(OpenId4VpRequest request, DcqlQuery query, RequesterIdentity requester, string? origin, CancellationToken cancellationToken)
    {
        // One candidate per credential type the query names: the credential a presentation would use (a batch's members
        // hold the same claims).
        var candidates = new List<IDcqlCredential>();
        var seen = new HashSet<(string, string)>();
        foreach (var credentialQuery in query.Credentials)
        {
            var types = credentialQuery.Format switch
            {
                DcqlFormats.Mdoc => credentialQuery.DoctypeValue is { } doctype ? [doctype] : [],
                DcqlFormats.SdJwtVc => credentialQuery.VctValues ?? [],
                _ => (IReadOnlyList<string>)[],
            };
            foreach (var type in types)
            {
                if (!seen.Add((credentialQuery.Format, type)))
                {
                    continue;
                }

                var described = credentialQuery.Format == DcqlFormats.Mdoc
                    ? await _mdoc.DescribeAsync(type, cancellationToken).ConfigureAwait(false)
                    : await _sdJwt.DescribeAsync(type, cancellationToken).ConfigureAwait(false);
                if (described is not null)
                {
                    candidates.Add(new PolicyView(described, _sdJwt.Pipeline, requester));
                }
            }
        }

        var match = query.Match(candidates);
        var answered = Answered(query, match);
        var thumbprint = request.IsEncrypted ? (ReadOnlyMemory<byte>?)JwkThumbprint.Sha256(EncryptionKey(request)) : null;
        // Over the DC API the answer is bound to the calling page's origin, signed request or not (OpenID4VP 1.0 A.4).
        var clientId = origin is not null ? OpenId4VpRequest.OriginPrefix + origin : requester.ClientId?.Value ?? request.ClientId.Value;
        var plans = new List<OpenId4VpQueryPlan>();
        foreach (var id in answered)
        {
            var credentialMatch = match.Find(id)!;
            var candidate = credentialMatch.Candidates[0];
            var retain = new HashSet<DcqlClaimQuery>(candidate.Claims.Where(c => c.IntentToRetain == true));
            if (credentialMatch.Query.Format == DcqlFormats.Mdoc)
            {
                var transcript = origin is not null
                    ? SessionTranscript.ForOpenId4VpDcApi(origin, request.Nonce, thumbprint)
                    : SessionTranscript.ForOpenId4Vp(clientId, request.Nonce, thumbprint, request.ResponseUri!.AbsoluteUri);
                var wanted = candidate.Claims.Select(c => (new ElementId(c.Path.Segments[0].Name!, c.Path.Segments[1].Name!), retain.Contains(c)));
                plans.Add(new OpenId4VpQueryPlan(id, CredentialFormat.Mdoc, await _mdoc.PlanForAsync(requester, candidate.Credential.Type!, wanted, transcript, cancellationToken).ConfigureAwait(false)));
            }
            else
            {
                var wanted = candidate.Claims.Select(c => (c.Path, false));
                plans.Add(new OpenId4VpQueryPlan(id, CredentialFormat.SdJwtVc, await _sdJwt.PlanForAsync(requester, candidate.Credential.Type!, wanted, clientId, request.Nonce, cancellationToken).ConfigureAwait(false)));
            }
        }

        var unmatched = match.Credentials.Where(c => !c.IsMatched).Select(c => c.Query.Id).ToArray();
        return new OpenId4VpSession(request, requester, plans, match.IsSatisfiable, unmatched, origin);
    }

    // The credential queries to answer: every matched one without credential sets; with them, for each set the first
    // option the wallet can satisfy whole.
    private static List<string> Answered(DcqlQuery query, DcqlMatch match)
    {
        if (query.CredentialSets is not { } sets)
        {
            return [.. match.Credentials.Where(c => c.IsMatched).Select(c => c.Query.Id)];
        }

        var ids = new List<string>();
        foreach (var set in sets)
        {
            if (set.Options.FirstOrDefault(option => option.All(id => match.Find(id)?.IsMatched == true)) is { } chosen)
            {
                ids.AddRange(chosen.Where(id => !ids.Contains(id)));
            }
        }

        return ids;
    }

    private async Task<Uri?> PostAsync(OpenId4VpRequest request, OpenId4VpResponse response, CancellationToken cancellationToken)
    {
        IReadOnlyList<KeyValuePair<string, string>> form = request.IsEncrypted ? [new("response", Seal(request, response))] : response.ToForm();

        var channel = Channel(PresentationRequestException.VerifierUnreachable);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.ResponseUri)
        {
            Content = new StringContent(FormBody.Write(form), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        var answer = await channel.SendAsync(message, MaxVerifierAnswer, cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            throw new PresentationRequestException(PresentationRequestException.ResponseRefused, $"The verifier refused the response (HTTP {(int)answer.Status}{(answer.Error is { } e ? ", " + e.Error : "")}).", answer.Error);
        }

        if (answer.Body.Length == 0 || !StrictJson.TryParse(answer.Body, out var node, out _) || node is not JsonObject body
            || body["redirect_uri"] is not JsonValue redirect || !redirect.TryGetValue<string>(out var text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && OpenId4VpRequestLink.IsHttpsOrLoopback(new Uri(uri.GetLeftPart(UriPartial.Query))) ? uri : null;
    }

    /// <summary>
    /// The credential as the DCQL query may read it for this requester: an element the policy would not release to it as
    /// asked (a pseudonym of another domain, a never-share or denied element, one outside the registration, one awaiting
    /// the person's confirmation) still counts as present — so the plan shows it and why — but its value matches no
    /// <c>values</c> constraint, whatever the guess. Otherwise whether the wallet answers would tell the verifier whether
    /// it guessed a value it may not have (the pseudonym of another domain, the date of birth).
    /// </summary>
    private sealed class PolicyView(IDcqlCredential inner, HolderPipeline pipeline, RequesterIdentity requester) : IDcqlCredential
    {
        public string Format => inner.Format;

        public string? Type => inner.Type;

        public DcqlHolderBinding HolderBinding => inner.HolderBinding;

        public IReadOnlyList<ClaimPath> DisclosedClaims => inner.DisclosedClaims;

        public bool TrySelect(ClaimPath path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<JsonNode?>? values)
        {
            if (!inner.TrySelect(path, out values))
            {
                return false;
            }

            if (HidesValue(path))
            {
                values = [.. values.Select(_ => (JsonNode?)new JsonObject())];
            }

            return true;
        }

        private bool HidesValue(ClaimPath path)
        {
            var segments = path.Segments;
            var type = inner.Type is { } name ? pipeline.FindType(name) : null;
            ElementId element;
            ElementDefinition? definition = null;
            string? claimPath = null;
            if (Format == DcqlFormats.Mdoc)
            {
                if (segments.Count != 2 || segments[0].Name is not { } nameSpace || segments[1].Name is not { } identifier)
                {
                    return true;
                }

                element = new ElementId(nameSpace, identifier);
                type?.TryGetElement(element, out definition);
            }
            else
            {
                // A top-level wildcard, the whole pseudonym object or a wildcard over it: values of several elements, not told apart.
                if (segments[0].Name is not { } first
                    || (first == Pseudonyms.PseudonymDomain.ClaimName && (segments.Count == 1 || segments[1].Name is null)))
                {
                    return true;
                }

                var located = SdJwtDisclosureMap.Locate(path, type, type?.DocType ?? inner.Type ?? "");
                (element, definition, claimPath) = (located.Element, located.Definition, path.ToString());
            }

            return pipeline.Policy.Decide(element, definition, claimPath, held: true, requester).Decision != ElementDecision.Disclose;
        }
    }

    // The response encrypted to the verifier's key: A256GCM when it offers it (HAIP: wallets SHOULD), else A128GCM.
    private static string Seal(OpenId4VpRequest request, OpenId4VpResponse response)
    {
        var key = EncryptionKey(request);
        var encryption = request.EncryptionValues.Count == 0 ? JweAlgorithms.A128Gcm
            : request.EncryptionValues.Contains(JweAlgorithms.A256Gcm) ? JweAlgorithms.A256Gcm
            : request.EncryptionValues.Contains(JweAlgorithms.A128Gcm) ? JweAlgorithms.A128Gcm
            : throw new PresentationRequestException(PresentationRequestException.RequestInvalid, "The verifier accepts no content encryption this wallet uses (A128GCM, A256GCM).");
        return CompactJwe.Encrypt(StrictJson.SerializeToUtf8Bytes(response.ToJson()), key, encryption, key.KeyId);
    }

    private static JsonWebKey EncryptionKey(OpenId4VpRequest request) =>
        request.EncryptionKeys.FirstOrDefault(k => k.Key.KeyType == CoseKeyType.Ec2 && k.Key.Curve == CoseKeyCurve.P256)
        ?? throw new PresentationRequestException(PresentationRequestException.RequestInvalid, "The verifier offers no P-256 key to encrypt the response to.");

    private ServiceChannel Channel(string code) =>
        new(_http, _timeout, (message, inner) => new PresentationRequestException(code, message, innerException: inner));

    private static JsonObject WalletMetadata() => new()
    {
        ["vp_formats_supported"] = new JsonObject
        {
            ["mso_mdoc"] = new JsonObject { ["deviceauth_alg_values"] = new JsonArray(-7, -9, -8) },
            ["dc+sd-jwt"] = new JsonObject { ["kb-jwt_alg_values"] = new JsonArray("ES256", "EdDSA") },
        },
        ["authorization_encryption_alg_values_supported"] = new JsonArray("ECDH-ES"),
        ["authorization_encryption_enc_values_supported"] = new JsonArray(JweAlgorithms.A128Gcm, JweAlgorithms.A256Gcm),
        ["client_id_prefixes_supported"] = new JsonArray("x509_hash", "x509_san_dns"),
        ["request_object_signing_alg_values_supported"] = new JsonArray("ES256", "ES384", "ES512", "EdDSA"),
    };

    private static ReadOnlySpan<byte> CborEncoding(DeviceResponse response) => response.Encoded.EncodedBytes.Span;

    private static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CredentialFormatException e)
        {
            throw new PresentationRequestException(PresentationRequestException.RequestInvalid, $"The request does not read ({e.Code}): {e.Message}", innerException: e);
        }
    }
}
