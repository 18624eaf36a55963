using System.Text.Json.Nodes;
using Honnin.Dcql;
using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Logging;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Holder.Mdoc;

/// <summary>
/// The wallet side of mdoc: keeps issued credentials, turns a verifier's request (or the person's own selection) into a
/// <see cref="PresentationPlan"/> with the policy already applied, and answers with a DeviceResponse authenticated by
/// the device key (<c>deviceSignature</c>, or <c>deviceMac</c> when the reader's ephemeral key is known). From a batch, an
/// unused credential answers each presentation.
/// </summary>
public sealed class MdocHolder
{
    // Real issuers have written non-preferred integer and length encodings; digests and signatures cover the received
    // bytes, which the wallet keeps and presents as they are, so it reads them (duplicate keys and the rest stay refused).
    private static readonly CborDecodeOptions StoredEncoding = CborDecodeOptions.Default with { RequireShortestEncoding = false };

    private readonly HolderPipeline _pipeline;

    /// <summary>Creates the holder.</summary>
    /// <param name="store">Where credentials and the person's log are kept.</param>
    /// <param name="keys">Where device keys are found.</param>
    /// <param name="options">The wallet's policy; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where the wallet logs what it does (ids, counts and codes only, see <see cref="HolderEventIds"/>); none when null.</param>
    public MdocHolder(ICredentialStore store, IDeviceKeyResolver keys, HolderOptions? options = null, TimeProvider? timeProvider = null, ILogger<MdocHolder>? logger = null) =>
        _pipeline = new HolderPipeline(CredentialFormat.Mdoc, store, keys, options, timeProvider, logger);

    /// <summary>The person's presentation log (the store's).</summary>
    public IPresentationLog Log => _pipeline.Log;

    /// <summary>Stores an issued credential (the IssuerSigned CBOR an issuer handed over).</summary>
    /// <param name="issuerSigned">The IssuerSigned bytes.</param>
    /// <param name="batchId">The batch it belongs to, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="CredentialFormatException">The bytes are not a well-formed IssuerSigned structure.</exception>
    public async Task<StoredCredential> StoreAsync(ReadOnlyMemory<byte> issuerSigned, string? batchId = null, CancellationToken cancellationToken = default) =>
        (await _pipeline.StoreAsync([Read(issuerSigned, batchId)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Stores a batch of single-use credentials (the IssuerSigned CBOR of each) under one fresh batch id, in one store
    /// transaction: every credential is read first, and the batch is kept whole or not at all.
    /// </summary>
    /// <param name="issuerSigned">The IssuerSigned bytes of each credential of the batch.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored records, in the given order.</returns>
    /// <exception cref="CredentialFormatException">One of them is not a well-formed IssuerSigned structure (nothing is stored).</exception>
    public async Task<IReadOnlyList<StoredCredential>> StoreBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> issuerSigned, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuerSigned);
        var batchId = HolderPipeline.NewBatchId();
        return await _pipeline.StoreAsync([.. issuerSigned.Select(c => Read(c, batchId))], cancellationToken).ConfigureAwait(false);
    }

    private StoredCredential Read(ReadOnlyMemory<byte> issuerSigned, string? batchId)
    {
        var bytes = issuerSigned.ToArray();
        var mso = IssuerSigned.Decode(CborDecoder.Decode(bytes, StoredEncoding)).MobileSecurityObject;
        return _pipeline.Record(mso.DocType, bytes, mso.DeviceKey, batchId, mso.ValidityInfo.ValidUntil);
    }

    /// <summary>
    /// Plans the answer to a verifier's DeviceRequest over a session transcript the caller has: an ISO/IEC 18013-5
    /// proximity session (its transcript holds this session's ephemeral keys, so the request is fresh by construction),
    /// or an OpenID4VP DC API session whose origin the platform supplied. Verifies readerAuth, reads the registration
    /// only from a registrar-rooted certificate, picks credentials and applies the policy. A readerAuth outside a
    /// proximity session must carry <c>iat</c> and <c>exp</c> (COSE CWT claims, RFC 9597); an OpenID4VP redirect
    /// transcript cannot be checked against the reader here (use <see cref="PlanOpenId4VpAsync"/>), so nothing is
    /// released for it.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="transcript">The session transcript (readerAuth covers it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan, for the person to confirm or narrow; the response will be bound to this transcript.</returns>
    public async Task<PresentationPlan> PlanAsync(DeviceRequest request, SessionTranscript transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transcript);
        var unbound = IsRedirectHandover(transcript) ? RequesterProblem.RequestNotBound : null;
        return await PlanRequestAsync(request, transcript, unbound, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Plans the answer to a DeviceRequest that arrived over OpenID4VP (redirect flow): the wallet builds the
    /// <c>OpenID4VPHandover</c> session transcript itself from the identity of the certificate that signed readerAuth
    /// (its <c>x509_hash</c> client identifier, or <paramref name="clientId"/> when it names that certificate), the
    /// nonce and the response URI — so a request another verifier signed for someone else's session does not verify,
    /// and the response is bound to the signer.
    /// </summary>
    /// <param name="request">The request; its readerAuth is required.</param>
    /// <param name="nonce">The verifier's nonce.</param>
    /// <param name="responseUri">Where the response goes.</param>
    /// <param name="clientId">The client identifier the verifier uses (<c>x509_hash:…</c> or <c>x509_san_dns:…</c>); null for the certificate's <c>x509_hash</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan; the response will be bound to the transcript built here.</returns>
    public async Task<PresentationPlan> PlanOpenId4VpAsync(DeviceRequest request, string nonce, string responseUri, string? clientId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentException.ThrowIfNullOrEmpty(responseUri);
        var now = _pipeline.Now;
        var readerAuth = request.DocRequests.Select(d => d.ReaderAuth).FirstOrDefault(a => a is not null);
        var chain = readerAuth is null ? [] : ReadChain(readerAuth);
        var identity = chain.Count == 0
            ? RequesterIdentity.Anonymous
            : _pipeline.Authenticator.Authenticate(chain, _ => true, now, clientId);
        if (identity.ClientId is null || identity.Problems.Contains(RequesterProblem.RequestNotBound))
        {
            // Unsigned or relayed: no identity to bind to. Nothing will be released.
            var placeholder = SessionTranscript.ForOpenId4Vp(clientId ?? "unbound", nonce, null, responseUri);
            return await PlanRequestAsync(request, placeholder, RequesterProblem.RequestNotBound, cancellationToken, rejectUnsigned: true).ConfigureAwait(false);
        }

        var transcript = SessionTranscript.ForOpenId4Vp(identity.ClientId.Value, nonce, null, responseUri);
        return await PlanRequestAsync(request, transcript, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Plans a presentation the person chose directly (no verifier request), e.g. from a command line. Elements named
    /// here count as explicitly requested; the never-share, deny-list and pseudonym policy still applies.
    /// </summary>
    /// <param name="docType">The document type.</param>
    /// <param name="elements">The elements to disclose.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan.</returns>
    public async Task<PresentationPlan> PlanSelectionAsync(string docType, IEnumerable<(string NameSpace, string Identifier)> elements, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentNullException.ThrowIfNull(elements);
        var now = _pipeline.Now;
        var document = await PlanDocumentAsync(docType, elements.Select(e => (new ElementId(e.NameSpace, e.Identifier), false)), requester: null, now, cancellationToken).ConfigureAwait(false);
        return _pipeline.Planned(RequesterIdentity.Anonymous, [document], now, binding: null);
    }

    /// <summary>
    /// Builds the DeviceResponse for a plan made from a verifier's request, bound to the session transcript fixed when
    /// it was planned. See <see cref="RespondAsync(PresentationPlan, SessionTranscript, CoseKey?, CancellationToken)"/>.
    /// </summary>
    /// <param name="plan">The plan, as the person confirmed it.</param>
    /// <param name="readerEphemeralKey">The reader's ephemeral public key, to authenticate with a MAC; null to sign.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidOperationException">The plan is the person's own selection (give the transcript) or not an mdoc plan, a credential of the plan is gone or its batch is spent, or its device key is not held.</exception>
    public Task<DeviceResponse> RespondAsync(PresentationPlan plan, CoseKey? readerEphemeralKey = null, CancellationToken cancellationToken = default)
    {
        _pipeline.EnsureFormat(plan);
        return plan.Binding is MdocBinding binding
            ? RespondCoreAsync(plan, binding.Transcript, readerEphemeralKey, cancellationToken)
            : throw new InvalidOperationException("The plan is the person's own selection; give the session transcript to bind the response to.");
    }

    /// <summary>
    /// Builds the DeviceResponse for a plan: only the elements the plan discloses, authenticated by the credential's
    /// device key over the session transcript. Takes an unused credential of the batch atomically, records the
    /// presentation in the person's log.
    /// </summary>
    /// <param name="plan">The plan, as the person confirmed it.</param>
    /// <param name="transcript">The session transcript; for a plan made from a request, it must be the one the plan was made with.</param>
    /// <param name="readerEphemeralKey">The reader's ephemeral public key, to authenticate with a MAC; null to sign.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidOperationException">The plan is not an mdoc plan, the transcript is not the plan's, a credential of the plan is gone or its batch is spent, or its device key is not held.</exception>
    public Task<DeviceResponse> RespondAsync(PresentationPlan plan, SessionTranscript transcript, CoseKey? readerEphemeralKey = null, CancellationToken cancellationToken = default)
    {
        _pipeline.EnsureFormat(plan);
        ArgumentNullException.ThrowIfNull(transcript);
        if (plan.Binding is MdocBinding binding && !binding.Transcript.SessionTranscriptBytes.Span.SequenceEqual(transcript.SessionTranscriptBytes.Span))
        {
            throw new InvalidOperationException("The response must be bound to the session transcript the request was planned with.");
        }

        return RespondCoreAsync(plan, transcript, readerEphemeralKey, cancellationToken);
    }

    private async Task<DeviceResponse> RespondCoreAsync(PresentationPlan plan, SessionTranscript transcript, CoseKey? readerEphemeralKey, CancellationToken cancellationToken)
    {
        var documents = new List<MdocDocument>();
        var now = _pipeline.Now;
        foreach (var planned in plan.Documents)
        {
            var disclose = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => new ElementId(e.NameSpace, e.Identifier)).ToHashSet();
            if (planned.CredentialId is null || disclose.Count == 0)
            {
                continue;
            }

            var type = _pipeline.FindType(planned.DocType);
            _pipeline.EnsureReleasable(plan, disclose.Select(e => (e, Definition(type, e), (string?)null)));
            documents.Add(await _pipeline.PresentAsync(plan, planned, now, async (credential, signer) =>
            {
                var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(credential.Data, StoredEncoding)).Select((ns, item) => disclose.Contains(new ElementId(ns, item.ElementIdentifier)));
                var nameSpaces = DeviceSigned.EmptyNameSpaces();
                var payload = DeviceAuthentication.BuildBytes(transcript.EncodedBytes.Span, planned.DocType, nameSpaces);
                var deviceSigned = readerEphemeralKey is not null && signer is IKeyAgreement agreement
                    ? DeviceSigned.Create(nameSpaces, null, await MacAsync(agreement, readerEphemeralKey, transcript, payload, cancellationToken).ConfigureAwait(false))
                    : DeviceSigned.Create(nameSpaces, await CoseSign1Message.CreateAsync(signer, payload, CosePayloadMode.Detached, cancellationToken: cancellationToken).ConfigureAwait(false), null);
                var released = issuerSigned.NameSpaces.SelectMany(ns => ns.Value.Select(item => new ElementId(ns.Key, item.ElementIdentifier).ToString()));
                return (MdocDocument.Create(planned.DocType, issuerSigned, deviceSigned), released);
            }, cancellationToken).ConfigureAwait(false));
        }

        return DeviceResponse.Create(documents);
    }

    private static async Task<CoseMac0Message> MacAsync(IKeyAgreement deviceKey, CoseKey readerKey, SessionTranscript transcript, byte[] payload, CancellationToken cancellationToken)
    {
        var sharedSecret = await deviceKey.DeriveSharedSecretAsync(readerKey, cancellationToken).ConfigureAwait(false);
        var macKey = new byte[32];
        try
        {
            transcript.DeriveEMacKey(sharedSecret, macKey);
            return CoseMac0Message.Create(macKey, payload, CosePayloadMode.Detached);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
            CryptographicOperations.ZeroMemory(macKey);
        }
    }

    private static ElementDefinition? Definition(DocumentType? type, ElementId element)
    {
        ElementDefinition? definition = null;
        type?.TryGetElement(element.NameSpace, element.Identifier, out definition);
        return definition;
    }

    private static bool IsRedirectHandover(SessionTranscript transcript) =>
        transcript.Handover is CborArray { Count: > 0 } handover && handover[0] is CborTextString { Value: OpenId4VpHandoverInfo.RedirectHandoverIdentifier };

    private static bool IsProximity(SessionTranscript transcript) => transcript.DeviceEngagementBytes is not null && transcript.EReaderKeyBytes is not null;

    // bindingProblem: why the transcript cannot be tied to a signed requester; it rejects signed document requests
    // (and unsigned ones too when rejectUnsigned), since an unsigned request is bound only by what the caller supplies.
    private async Task<PresentationPlan> PlanRequestAsync(DeviceRequest request, SessionTranscript transcript, string? bindingProblem, CancellationToken cancellationToken, bool rejectUnsigned = false)
    {
        var now = _pipeline.Now;
        RequesterIdentity? requester = null;
        var documents = new List<PlannedDocument>();
        foreach (var docRequest in request.DocRequests)
        {
            var identity = await _pipeline.WithConsentsAsync(AuthenticateReader(docRequest, transcript, now), cancellationToken).ConfigureAwait(false);
            if (bindingProblem is not null && (docRequest.ReaderAuth is not null || rejectUnsigned))
            {
                identity = identity.WithProblem(bindingProblem);
            }

            requester ??= identity;
            var wanted = docRequest.ItemsRequest.NameSpaces.SelectMany(ns => ns.Value.Select(e => (new ElementId(ns.Key, e.Key), e.Value)));
            documents.Add(await PlanDocumentAsync(docRequest.ItemsRequest.DocType, wanted, identity, now, cancellationToken).ConfigureAwait(false));
        }

        return await _pipeline.PlannedAsync(requester ?? RequesterIdentity.Anonymous, documents, now, new MdocBinding(transcript), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wallet's pipeline, for the OpenID4VP client that answers through this holder.</summary>
    internal HolderPipeline Pipeline => _pipeline;

    /// <summary>OpenID4VP: the credential a query for <paramref name="docType"/> would use, described for DCQL (null when none is held).</summary>
    internal async Task<IDcqlCredential?> DescribeAsync(string docType, CancellationToken cancellationToken)
    {
        var storedType = _pipeline.FindType(docType)?.DocType ?? docType;
        if (await _pipeline.ChooseAsync(storedType, _pipeline.Now, cancellationToken).ConfigureAwait(false) is not { } chosen)
        {
            return null;
        }

        var nameSpaces = new Dictionary<string, IReadOnlyDictionary<string, JsonNode?>>(StringComparer.Ordinal);
        foreach (var (nameSpace, items) in IssuerSigned.Decode(CborDecoder.Decode(chosen.Data, StoredEncoding)).NameSpaces)
        {
            var elements = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                elements[item.ElementIdentifier] = DcqlCredential.MdocElementValue(item.ElementValue);
            }

            nameSpaces[nameSpace] = elements;
        }

        return DcqlCredential.ForMdoc(storedType, nameSpaces, DcqlHolderBinding.Cryptographic);
    }

    /// <summary>
    /// OpenID4VP: plans one document for a requester the caller authenticated from the signed request object, bound to
    /// the <c>OpenID4VPHandover</c> transcript built from that requester's client identifier.
    /// </summary>
    internal async Task<PresentationPlan> PlanForAsync(RequesterIdentity requester, string docType, IEnumerable<(ElementId Element, bool Retain)> wanted, SessionTranscript transcript, CancellationToken cancellationToken)
    {
        var now = _pipeline.Now;
        var document = await PlanDocumentAsync(docType, wanted, requester, now, cancellationToken).ConfigureAwait(false);
        return await _pipeline.PlannedAsync(requester, [document], now, new MdocBinding(transcript), cancellationToken).ConfigureAwait(false);
    }

    // requester: the verifier, or null when the person selects the elements directly.
    private async Task<PlannedDocument> PlanDocumentAsync(string docType, IEnumerable<(ElementId Element, bool Retain)> wanted, RequesterIdentity? requester, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var type = _pipeline.FindType(docType);
        var storedType = type?.DocType ?? docType;
        var chosen = await _pipeline.ChooseAsync(storedType, now, cancellationToken).ConfigureAwait(false);
        var held = chosen is null
            ? null
            : IssuerSigned.Decode(CborDecoder.Decode(chosen.Data, StoredEncoding)).NameSpaces
                .SelectMany(ns => ns.Value.Select(item => new ElementId(ns.Key, item.ElementIdentifier)))
                .ToHashSet();
        var candidates = wanted.Select(w => new ElementCandidate(w.Element, Definition(type, w.Element), Path: null, w.Retain, held?.Contains(w.Element)));
        return _pipeline.PlanDocument(storedType, chosen, candidates, requester);
    }

    private static IReadOnlyList<ReadOnlyMemory<byte>> ReadChain(CoseSign1Message readerAuth)
    {
        try
        {
            return readerAuth.Headers.X5Chain;
        }
        catch (CredentialFormatException)
        {
            return [];
        }
    }

    private RequesterIdentity AuthenticateReader(DocRequest docRequest, SessionTranscript transcript, DateTimeOffset now)
    {
        if (docRequest.ReaderAuth is not { } readerAuth)
        {
            return RequesterIdentity.Anonymous;
        }

        var payload = ReaderAuthentication.BuildBytes(transcript.EncodedBytes.Span, docRequest.ItemsRequest);
        var identity = _pipeline.Authenticator.Authenticate(ReadChain(readerAuth), key => readerAuth.Payload is null && readerAuth.VerifySignature(key, payload), now);
        if (identity.Problems.Contains(RequesterProblem.SignatureInvalid))
        {
            return identity;
        }

        var (issuedAt, expiresAt, readable) = ReaderAuthTime.Read(readerAuth);
        var stale = readable
            ? RequestFreshness.Check(issuedAt, expiresAt, now, _pipeline.Options, sessionBound: IsProximity(transcript))
            : RequesterProblem.RequestNotFresh;
        return stale is null ? identity : identity.WithProblem(stale);
    }
}
