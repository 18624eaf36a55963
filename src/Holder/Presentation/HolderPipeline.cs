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
/// the person); <b>respond</b> (refuse a plan of the other format, read an unused credential, find its device key, check
/// once more that everything released is releasable, build the answer); <b>commit</b> (the use count and the person's
/// presentation record in one store transaction, then the log line). The format adapters (<see cref="Mdoc.MdocHolder"/>, <see cref="SdJwt.SdJwtVcHolder"/>) supply only what
/// differs: reading a credential, locating the elements a request names, authenticating the requester and building
/// the response.
/// </summary>
internal sealed class HolderPipeline
{
    // Each retry follows a concurrent presentation that took the credential first; a handful covers any real contention.
    private const int MaxCommitAttempts = 8;

    private readonly ICredentialStore _store;
    private readonly IDeviceKeyResolver _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public HolderPipeline(CredentialFormat format, ICredentialStore store, IDeviceKeyResolver keys, HolderOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        Format = format;
        _store = store;
        _keys = keys;
        Options = options ?? new HolderOptions();
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
    public IPresentationLog Log => _store.Log;

    /// <summary>The person's policy, applied when planning and again when responding.</summary>
    public PresentationPolicy Policy { get; }

    /// <summary>Reads who signed a request and what their registration allows.</summary>
    public RequesterAuthenticator Authenticator { get; }

    /// <summary>The wallet's clock.</summary>
    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    /// <summary>The registered document type a request or selection names (its docType, vct or alias), if any.</summary>
    public DocumentType? FindType(string name) => Options.DocumentTypes.TryGet(name, out var type) ? type : null;

    private async Task<bool> IsStoppedAsync(RequesterIdentity requester, CancellationToken cancellationToken) =>
        (await _store.Consents.ListStoppedAsync(cancellationToken).ConfigureAwait(false)).Any(s => s.Matches(requester));

    // ── store ──

    /// <summary>A record of a credential the adapter has read, under a fresh random id.</summary>
    public StoredCredential Record(string docType, byte[] data, CoseKey deviceKey, string? batchId, DateTimeOffset? validUntil) => new()
    {
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        Format = Format,
        DocType = docType,
        Data = data,
        DeviceKey = deviceKey,
        BatchId = batchId,
        ValidUntil = validUntil,
    };

    /// <summary>Keeps credentials the adapter has read, in one store transaction: a batch is kept whole or not at all.</summary>
    public async Task<IReadOnlyList<StoredCredential>> StoreAsync(IReadOnlyList<StoredCredential> credentials, CancellationToken cancellationToken)
    {
        await _store.AddRangeAsync(credentials, cancellationToken).ConfigureAwait(false);
        foreach (var credential in credentials)
        {
            HolderLog.Stored(_logger, credential);
        }

        return credentials;
    }

    /// <summary>A fresh random batch id: it names a batch inside this wallet only.</summary>
    public static string NewBatchId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

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

    /// <summary>The requester with <see cref="RequesterProblem.SharingStopped"/> when the person stopped sharing with it.</summary>
    public async Task<RequesterIdentity> WithConsentsAsync(RequesterIdentity requester, CancellationToken cancellationToken) =>
        await IsStoppedAsync(requester, cancellationToken).ConfigureAwait(false) && !requester.Problems.Contains(RequesterProblem.SharingStopped)
            ? requester.WithProblem(RequesterProblem.SharingStopped)
            : requester;

    /// <summary>The plan, logged (counts and decisions only).</summary>
    public PresentationPlan Planned(RequesterIdentity requester, IReadOnlyList<PlannedDocument> documents, DateTimeOffset now, object? binding) =>
        HolderLog.Planned(_logger, new PresentationPlan(Format, requester, documents, now, binding));

    /// <summary>
    /// The plan for a verifier's request, logged; when the person stopped sharing with the verifier, the refusal is also
    /// written to the person's log, one record per requested document (nothing was presented), so the log says so.
    /// </summary>
    public async Task<PresentationPlan> PlannedAsync(RequesterIdentity requester, IReadOnlyList<PlannedDocument> documents, DateTimeOffset now, object binding, CancellationToken cancellationToken)
    {
        if (requester.Problems.Contains(RequesterProblem.SharingStopped))
        {
            foreach (var document in documents)
            {
                await _store.Log.AppendAsync(PresentationRecord.Refused(_timeProvider.GetUtcNow(), requester, document.DocType), cancellationToken).ConfigureAwait(false);
            }
        }

        return Planned(requester, documents, now, binding);
    }

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

    /// <summary>
    /// Answers one planned document: reads the credential that will answer (an unused one of its batch), finds its
    /// device key, lets the adapter build the answer, and commits — the use count and the person's log record in one
    /// store transaction, on the condition that nobody presented that credential meanwhile; when somebody did, it starts
    /// again with the next unused one. Nothing is spent when building fails, and no answer leaves before its commit.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="planned">The document of the plan.</param>
    /// <param name="now">The wallet's time for validity.</param>
    /// <param name="build">Builds the answer with a credential and its device key, and names the released elements for the log.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InvalidOperationException">The credential is gone, its batch is spent, or its device key is not held.</exception>
    public async Task<T> PresentAsync<T>(PresentationPlan plan, PlannedDocument planned, DateTimeOffset now, Func<StoredCredential, ISigner, Task<(T Answer, IEnumerable<string> Released)>> build, CancellationToken cancellationToken)
    {
        // The person may have stopped sharing with the verifier after the plan was made.
        if (!plan.IsSelection && await IsStoppedAsync(plan.Requester, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The person stopped sharing with this verifier; nothing is presented.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var credential = await CredentialSelection.FindAsync(_store, planned.CredentialId!, planned.ReusesCredential, now, cancellationToken).ConfigureAwait(false);
            var signer = await _keys.FindAsync(credential.DeviceKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The device key of credential '{credential.Id}' is not held by this wallet.");
            var (answer, released) = await build(credential, signer).ConfigureAwait(false);
            var record = new PresentationRecord(_timeProvider.GetUtcNow(), plan.Requester, planned.DocType, credential.Id, [.. released]);
            if (await _store.CommitPresentationAsync(credential.Id, credential.UseCount, record, cancellationToken).ConfigureAwait(false) is not null)
            {
                HolderLog.Presented(_logger, Format, record);
                return answer;
            }

            if (attempt == MaxCommitAttempts)
            {
                throw new InvalidOperationException(
                    $"The credentials of the batch of '{planned.CredentialId}' were presented concurrently {MaxCommitAttempts} times while this answer was built; plan again.");
            }
        }
    }
}

/// <summary>One element a request or selection would reveal, located in the credential by the format adapter.</summary>
/// <param name="Element">The element.</param>
/// <param name="Definition">Its registered definition, if any.</param>
/// <param name="Path">The SD-JWT claim path that reaches it; null for mdoc.</param>
/// <param name="Retain">Whether the verifier says it will keep the value.</param>
/// <param name="Held">Whether the chosen credential holds it; null when no credential is held.</param>
internal readonly record struct ElementCandidate(ElementId Element, ElementDefinition? Definition, ClaimPath? Path, bool Retain, bool? Held);
