using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Logging;
using Honnin.SdJwt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Holder.Presentation;

/// <summary>
/// The one wallet pipeline both formats run, in order: <b>store</b> (a random record id, the store, the log line);
/// <b>plan</b> (choose a credential, decide every element the request would reveal by the person's policy, name it for
/// the person); <b>respond</b> (refuse a plan of the other format, take the credential atomically, find its device key,
/// check once more that everything released is releasable); <b>log</b> (the person's presentation record and the log
/// line). The format adapters (<see cref="Mdoc.MdocHolder"/>, <see cref="SdJwt.SdJwtVcHolder"/>) supply only what
/// differs: reading a credential, locating the elements a request names, authenticating the requester and building
/// the response.
/// </summary>
internal sealed class HolderPipeline
{
    private readonly ICredentialStore _store;
    private readonly IDeviceKeyResolver _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public HolderPipeline(CredentialFormat format, ICredentialStore store, IDeviceKeyResolver keys, HolderOptions? options, IPresentationLog? log, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        Format = format;
        _store = store;
        _keys = keys;
        Options = options ?? new HolderOptions();
        Log = log ?? new InMemoryPresentationLog();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Policy = new PresentationPolicy(Options);
        Authenticator = new RequesterAuthenticator(Options);
    }

    /// <summary>The format this pipeline's adapter presents.</summary>
    public CredentialFormat Format { get; }

    /// <summary>The wallet's policy.</summary>
    public HolderOptions Options { get; }

    /// <summary>The person's presentation log.</summary>
    public IPresentationLog Log { get; }

    /// <summary>The person's policy, applied when planning and again when responding.</summary>
    public PresentationPolicy Policy { get; }

    /// <summary>Reads who signed a request and what their registration allows.</summary>
    public RequesterAuthenticator Authenticator { get; }

    /// <summary>The wallet's clock.</summary>
    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    /// <summary>The registered document type a request or selection names (its docType, vct or alias), if any.</summary>
    public DocumentType? FindType(string name) => Options.DocumentTypes.TryGet(name, out var type) ? type : null;

    // ── store ──

    /// <summary>Keeps a credential the adapter has read, under a fresh random id.</summary>
    public async Task<StoredCredential> StoreAsync(string docType, byte[] data, CoseKey deviceKey, string? batchId, DateTimeOffset? validUntil, CancellationToken cancellationToken)
    {
        var credential = new StoredCredential
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Format = Format,
            DocType = docType,
            Data = data,
            DeviceKey = deviceKey,
            BatchId = batchId,
            ValidUntil = validUntil,
        };
        await _store.AddAsync(credential, cancellationToken).ConfigureAwait(false);
        HolderLog.Stored(_logger, credential);
        return credential;
    }

    // ── plan ──

    /// <summary>The credential of <paramref name="storedType"/> a presentation would use: valid, least used first.</summary>
    public Task<StoredCredential?> ChooseAsync(string storedType, DateTimeOffset now, CancellationToken cancellationToken) =>
        CredentialSelection.ChooseAsync(_store, storedType, Format, now, cancellationToken);

    /// <summary>
    /// Decides every located element by the policy and names it for the person. <paramref name="refuseAlso"/> lets the
    /// format refuse an element the policy would release (an SD-JWT Disclosure that also reveals a refused claim).
    /// </summary>
    /// <param name="storedType">The type name the plan shows (docType or vct).</param>
    /// <param name="chosen">The credential the plan would use, or null when none is held.</param>
    /// <param name="candidates">The elements the request or selection would reveal, one entry per element and path.</param>
    /// <param name="requester">The verifier, or null for the person's own selection.</param>
    /// <param name="refuseAlso">The format's own refusal reason for an element, or null.</param>
    public PlannedDocument PlanDocument(string storedType, StoredCredential? chosen, IEnumerable<ElementCandidate> candidates, RequesterIdentity? requester, Func<ElementCandidate, string?>? refuseAlso = null)
    {
        var elements = new List<PlannedElement>();
        foreach (var candidate in candidates)
        {
            var (decision, reason) = Policy.Decide(candidate.Element, candidate.Definition, candidate.Path?.ToString(), candidate.Held, requester);
            if (decision is not (ElementDecision.Refused or ElementDecision.NotHeld) && refuseAlso?.Invoke(candidate) is { } refusal)
            {
                (decision, reason) = (ElementDecision.Refused, refusal);
            }

            var (ja, en) = PresentationPolicy.DisplayNames(candidate.Element, candidate.Definition);
            elements.Add(new PlannedElement(candidate.Element.NameSpace, candidate.Element.Identifier, ja, en, candidate.Retain, decision, reason, candidate.Path?.ToString()));
        }

        return new PlannedDocument(storedType, chosen?.Id, chosen is { UseCount: > 0 }, elements.AsReadOnly());
    }

    /// <summary>The plan, logged (counts and decisions only).</summary>
    public PresentationPlan Planned(RequesterIdentity requester, IReadOnlyList<PlannedDocument> documents, DateTimeOffset now, object? binding) =>
        HolderLog.Planned(_logger, new PresentationPlan(Format, requester, documents, now, binding));

    // ── respond ──

    /// <summary>Refuses a plan of the other format: it names credentials this adapter cannot present, and taking one would spend it for nothing.</summary>
    public void EnsureFormat(PresentationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Format != Format)
        {
            throw new InvalidOperationException(plan.Format == CredentialFormat.Mdoc
                ? "The plan presents mdoc credentials; answer it with the mdoc holder."
                : "The plan presents SD-JWT VC credentials; answer it with the SD-JWT VC holder.");
        }
    }

    /// <summary>Checks once more, on what will really be released, that the policy allows it.</summary>
    public void EnsureReleasable(PresentationPlan plan, IEnumerable<(ElementId Element, ElementDefinition? Definition, string? ClaimPath)> released) =>
        Policy.EnsureReleasable(released, plan.IsSelection ? null : plan.Requester);

    /// <summary>Takes the planned credential (an unused one of its batch, atomically) and the device key that presents it.</summary>
    /// <exception cref="InvalidOperationException">The credential is gone, its batch is spent, or its device key is not held.</exception>
    public async Task<(StoredCredential Credential, ISigner DeviceKey)> TakeAsync(PlannedDocument planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var credential = await CredentialSelection.TakeAsync(_store, planned.CredentialId!, planned.ReusesCredential, now, cancellationToken).ConfigureAwait(false);
        var signer = await _keys.FindAsync(credential.DeviceKey, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The device key of credential '{credential.Id}' is not held by this wallet.");
        return (credential, signer);
    }

    // ── log ──

    /// <summary>Appends the presentation to the person's log and logs it (ids and counts only).</summary>
    public async Task RecordAsync(PresentationPlan plan, PlannedDocument planned, StoredCredential credential, IEnumerable<string> released, CancellationToken cancellationToken)
    {
        var record = new PresentationRecord(_timeProvider.GetUtcNow(), plan.Requester, planned.DocType, credential.Id, [.. released]);
        await Log.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        HolderLog.Presented(_logger, Format, record);
    }
}

/// <summary>One element a request or selection would reveal, located in the credential by the format adapter.</summary>
/// <param name="Element">The element.</param>
/// <param name="Definition">Its registered definition, if any.</param>
/// <param name="Path">The SD-JWT claim path that reaches it; null for mdoc.</param>
/// <param name="Retain">Whether the verifier says it will keep the value.</param>
/// <param name="Held">Whether the chosen credential holds it; null when no credential is held.</param>
internal readonly record struct ElementCandidate(ElementId Element, ElementDefinition? Definition, ClaimPath? Path, bool Retain, bool? Held);
