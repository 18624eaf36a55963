using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;

namespace Honnin.Holder.Mdoc;

/// <summary>
/// The wallet side of mdoc: keeps issued credentials, turns a verifier's request (or the person's own selection) into a
/// <see cref="PresentationPlan"/> with the policy already applied, and answers with a DeviceResponse authenticated by
/// the device key (<c>deviceSignature</c>, or <c>deviceMac</c> when the reader's ephemeral key is known). From a batch, an
/// unused credential answers each presentation.
/// </summary>
public sealed class MdocHolder
{
    private readonly ICredentialStore _store;
    private readonly IDeviceKeyResolver _keys;
    private readonly HolderOptions _options;
    private readonly IPresentationLog _log;
    private readonly TimeProvider _timeProvider;
    private readonly PresentationPolicy _policy;
    private readonly RequesterAuthenticator _authenticator;

    /// <summary>Creates the holder.</summary>
    /// <param name="store">Where credentials are kept.</param>
    /// <param name="keys">Where device keys are found.</param>
    /// <param name="options">The wallet's policy; defaults when null.</param>
    /// <param name="log">The person's presentation log; an in-memory log when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public MdocHolder(ICredentialStore store, IDeviceKeyResolver keys, HolderOptions? options = null, IPresentationLog? log = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        _store = store;
        _keys = keys;
        _options = options ?? new HolderOptions();
        _log = log ?? new InMemoryPresentationLog();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _policy = new PresentationPolicy(_options);
        _authenticator = new RequesterAuthenticator(_options);
    }

    /// <summary>The person's presentation log.</summary>
    public IPresentationLog Log => _log;

    /// <summary>Stores an issued credential (the IssuerSigned CBOR an issuer handed over).</summary>
    /// <param name="issuerSigned">The IssuerSigned bytes.</param>
    /// <param name="batchId">The batch it belongs to, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="CredentialFormatException">The bytes are not a well-formed IssuerSigned structure.</exception>
    public async Task<StoredCredential> StoreAsync(ReadOnlyMemory<byte> issuerSigned, string? batchId = null, CancellationToken cancellationToken = default)
    {
        var bytes = issuerSigned.ToArray();
        var decoded = IssuerSigned.Decode(CborDecoder.Decode(bytes));
        var mso = decoded.MobileSecurityObject;
        var credential = new StoredCredential
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Format = CredentialFormat.Mdoc,
            DocType = mso.DocType,
            Data = bytes,
            DeviceKey = mso.DeviceKey,
            BatchId = batchId,
            ValidUntil = mso.ValidityInfo.ValidUntil,
        };
        await _store.AddAsync(credential, cancellationToken).ConfigureAwait(false);
        return credential;
    }

    /// <summary>Plans the answer to a verifier's DeviceRequest: verifies readerAuth, picks credentials, applies the policy.</summary>
    /// <param name="request">The request.</param>
    /// <param name="transcript">The session transcript (readerAuth covers it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan, for the person to confirm or narrow.</returns>
    public async Task<PresentationPlan> PlanAsync(DeviceRequest request, SessionTranscript transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transcript);
        var now = _timeProvider.GetUtcNow();
        RequesterIdentity? requester = null;
        var documents = new List<PlannedDocument>();
        foreach (var docRequest in request.DocRequests)
        {
            var identity = AuthenticateReader(docRequest, transcript, now);
            requester ??= identity;
            var wanted = docRequest.ItemsRequest.NameSpaces.SelectMany(ns => ns.Value.Select(e => (ns.Key, e.Key, e.Value)));
            documents.Add(await PlanDocumentAsync(docRequest.ItemsRequest.DocType, wanted, identity, now, cancellationToken).ConfigureAwait(false));
        }

        return new PresentationPlan(requester ?? RequesterIdentity.Anonymous, documents, now);
    }

    /// <summary>
    /// Plans a presentation the person chose directly (no verifier request), e.g. from a command line. Elements named
    /// here count as explicitly requested; the never-share and deny-list policy still applies.
    /// </summary>
    /// <param name="docType">The document type.</param>
    /// <param name="elements">The elements to disclose.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan.</returns>
    public async Task<PresentationPlan> PlanSelectionAsync(string docType, IEnumerable<(string NameSpace, string Identifier)> elements, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentNullException.ThrowIfNull(elements);
        var now = _timeProvider.GetUtcNow();
        var document = await PlanDocumentAsync(docType, elements.Select(e => (e.NameSpace, e.Identifier, false)), requester: null, now, cancellationToken).ConfigureAwait(false);
        return new PresentationPlan(RequesterIdentity.Anonymous, [document], now);
    }

    /// <summary>
    /// Builds the DeviceResponse for a plan: only the elements the plan discloses, authenticated by the credential's
    /// device key over the session transcript. Records the presentation in the person's log and counts the use.
    /// </summary>
    /// <param name="plan">The plan, as the person confirmed it.</param>
    /// <param name="transcript">The session transcript.</param>
    /// <param name="readerEphemeralKey">The reader's ephemeral public key, to authenticate with a MAC; null to sign.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The response.</returns>
    /// <exception cref="InvalidOperationException">A credential of the plan is gone, or its device key is not held.</exception>
    public async Task<DeviceResponse> RespondAsync(PresentationPlan plan, SessionTranscript transcript, CoseKey? readerEphemeralKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(transcript);
        var documents = new List<MdocDocument>();
        var stored = await _store.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var planned in plan.Documents)
        {
            var disclose = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => e.NameSpace + "/" + e.Identifier).ToHashSet(StringComparer.Ordinal);
            if (planned.CredentialId is null || disclose.Count == 0)
            {
                continue;
            }

            var credential = stored.FirstOrDefault(c => c.Id == planned.CredentialId)
                ?? throw new InvalidOperationException($"The credential '{planned.CredentialId}' is no longer in the store.");
            var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(credential.Data)).Select((ns, item) => disclose.Contains(ns + "/" + item.ElementIdentifier));
            var signer = await _keys.FindAsync(credential.DeviceKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The device key of credential '{credential.Id}' is not held by this wallet.");
            var nameSpaces = DeviceSigned.EmptyNameSpaces();
            var payload = DeviceAuthentication.BuildBytes(transcript.EncodedBytes.Span, planned.DocType, nameSpaces);
            var deviceSigned = readerEphemeralKey is not null && signer is IKeyAgreement agreement
                ? DeviceSigned.Create(nameSpaces, null, await MacAsync(agreement, readerEphemeralKey, transcript, payload, cancellationToken).ConfigureAwait(false))
                : DeviceSigned.Create(nameSpaces, await CoseSign1Message.CreateAsync(signer, payload, CosePayloadMode.Detached, cancellationToken: cancellationToken).ConfigureAwait(false), null);
            documents.Add(MdocDocument.Create(planned.DocType, issuerSigned, deviceSigned));

            await _store.UpdateAsync(credential with { UseCount = credential.UseCount + 1 }, cancellationToken).ConfigureAwait(false);
            await _log.AppendAsync(new PresentationRecord(_timeProvider.GetUtcNow(), plan.Requester, planned.DocType, credential.Id, [.. disclose]), cancellationToken).ConfigureAwait(false);
        }

        return DeviceResponse.Create(documents);
    }

    private static async Task<CoseMac0Message> MacAsync(IKeyAgreement deviceKey, CoseKey readerKey, SessionTranscript transcript, byte[] payload, CancellationToken cancellationToken)
    {
        var sharedSecret = await deviceKey.DeriveSharedSecretAsync(readerKey, cancellationToken).ConfigureAwait(false);
        var macKey = new byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, macKey, transcript.ComputeHkdfSalt(), "EMacKey"u8);
            return CoseMac0Message.Create(macKey, payload, CosePayloadMode.Detached);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
            CryptographicOperations.ZeroMemory(macKey);
        }
    }

    // requester: the verifier, or null when the person selects the elements directly.
    private async Task<PlannedDocument> PlanDocumentAsync(string docType, IEnumerable<(string NameSpace, string Identifier, bool Retain)> wanted, RequesterIdentity? requester, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _options.DocumentTypes.TryGet(docType, out var type);
        var candidates = (await _store.ListAsync(type?.DocType ?? docType, cancellationToken).ConfigureAwait(false))
            .Where(c => c.Format == CredentialFormat.Mdoc && (c.ValidUntil is null || c.ValidUntil > now))
            .OrderBy(c => c.UseCount)
            .ToList();
        var chosen = candidates.FirstOrDefault();
        HashSet<string>? held = null;
        if (chosen is not null)
        {
            held = IssuerSigned.Decode(CborDecoder.Decode(chosen.Data)).NameSpaces
                .SelectMany(ns => ns.Value.Select(item => ns.Key + "/" + item.ElementIdentifier))
                .ToHashSet(StringComparer.Ordinal);
        }

        var elements = new List<PlannedElement>();
        foreach (var (nameSpace, identifier, retain) in wanted)
        {
            ElementDefinition? definition = null;
            type?.TryGetElement(nameSpace, identifier, out definition);
            var (decision, reason) = _policy.Decide(nameSpace, identifier, definition, held?.Contains(nameSpace + "/" + identifier), requester);
            var (ja, en) = PresentationPolicy.DisplayNames(nameSpace, identifier, definition);
            elements.Add(new PlannedElement(nameSpace, identifier, ja, en, retain, decision, reason));
        }

        return new PlannedDocument(type?.DocType ?? docType, chosen?.Id, chosen is { UseCount: > 0 }, elements.AsReadOnly());
    }

    private RequesterIdentity AuthenticateReader(DocRequest docRequest, SessionTranscript transcript, DateTimeOffset now)
    {
        if (docRequest.ReaderAuth is not { } readerAuth)
        {
            return RequesterIdentity.Anonymous;
        }

        IReadOnlyList<ReadOnlyMemory<byte>> chain;
        try
        {
            chain = readerAuth.Headers.X5Chain;
        }
        catch (CredentialFormatException)
        {
            chain = [];
        }

        var payload = ReaderAuthentication.BuildBytes(transcript.EncodedBytes.Span, docRequest.ItemsRequest);
        return _authenticator.Authenticate(chain, key => readerAuth.Payload is null && readerAuth.VerifySignature(key, payload), now);
    }
}
