using Honnin.Dcql;
using System.Security.Cryptography;
using System.Text;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Logging;
using Honnin.Holder.Presentation;
using Honnin.Jose;
using Honnin.Pseudonyms;
using Honnin.SdJwt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Holder.SdJwt;

/// <summary>
/// The wallet side of SD-JWT VC, behind the same <see cref="PresentationPlan"/> and policy as mdoc: keeps issued
/// SD-JWT VCs, plans the answer to a verifier's <see cref="SdJwtPresentationRequest"/> (or the person's own selection),
/// and presents the chosen disclosures — with the parents a nested claim needs — under a key-binding JWT for the
/// verifier's audience and nonce. From a batch, an unused credential answers each presentation.
/// </summary>
public sealed class SdJwtVcHolder
{
    private readonly HolderPipeline _pipeline;

    /// <summary>Creates the holder.</summary>
    /// <param name="store">Where credentials and the person's log are kept.</param>
    /// <param name="keys">Where holder keys are found.</param>
    /// <param name="options">The wallet's policy; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where the wallet logs what it does (ids, counts and codes only, see <see cref="HolderEventIds"/>); none when null.</param>
    public SdJwtVcHolder(ICredentialStore store, IDeviceKeyResolver keys, HolderOptions? options = null, TimeProvider? timeProvider = null, ILogger<SdJwtVcHolder>? logger = null) =>
        _pipeline = new HolderPipeline(CredentialFormat.SdJwtVc, store, keys, options, timeProvider, logger);

    /// <summary>The person's presentation log (the store's).</summary>
    public IPresentationLog Log => _pipeline.Log;

    /// <summary>Stores an issued SD-JWT VC.</summary>
    /// <param name="sdJwt">The compact SD-JWT as issued (no key binding).</param>
    /// <param name="batchId">The batch it belongs to, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="CredentialFormatException">The text is not an SD-JWT VC with <c>vct</c> and <c>cnf.jwk</c>, its disclosures do not process, or it already carries a key-binding JWT.</exception>
    public async Task<StoredCredential> StoreAsync(string sdJwt, string? batchId = null, CancellationToken cancellationToken = default) =>
        (await _pipeline.StoreAsync([Read(sdJwt, batchId)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Stores a batch of single-use SD-JWT VCs under one fresh batch id, in one store transaction: every credential is
    /// read first, and the batch is kept whole or not at all.
    /// </summary>
    /// <param name="sdJwts">The compact SD-JWT of each credential of the batch.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored records, in the given order.</returns>
    /// <exception cref="CredentialFormatException">One of them is not a presentable SD-JWT VC (nothing is stored).</exception>
    public async Task<IReadOnlyList<StoredCredential>> StoreBatchAsync(IReadOnlyList<string> sdJwts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sdJwts);
        var batchId = HolderPipeline.NewBatchId();
        return await _pipeline.StoreAsync([.. sdJwts.Select(c => Read(c, batchId))], cancellationToken).ConfigureAwait(false);
    }

    private StoredCredential Read(string sdJwt, string? batchId)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        var parsed = SelectiveDisclosureJwt.Parse(sdJwt);
        if (parsed.KeyBinding is not null)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.Malformed, "An issued SD-JWT must not carry a key-binding JWT (RFC 9901 §7.2).");
        }

        var processed = parsed.Process();
        var payload = processed.GetPayload();
        if (!processed.IsValid || payload is null)
        {
            throw new CredentialFormatException(processed.Failures.Count > 0 ? processed.Failures[0].Code : SdJwtFailureCodes.Malformed, "The SD-JWT's disclosures do not process.");
        }

        if (payload["vct"] is not System.Text.Json.Nodes.JsonValue vctValue || !vctValue.TryGetValue<string>(out var vct))
        {
            throw new CredentialFormatException(SdJwtFailureCodes.Malformed, "The SD-JWT VC has no vct text.");
        }

        if (payload["cnf"]?["jwk"] is not System.Text.Json.Nodes.JsonObject jwk)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.Malformed, "The SD-JWT VC has no cnf.jwk, so it cannot be presented with key binding.");
        }

        JwtNumericDate.TryRead(payload["exp"], out var expires);
        var validUntil = payload.ContainsKey("exp") ? expires : (DateTimeOffset?)null;
        return _pipeline.Record(vct, Encoding.UTF8.GetBytes(parsed.Serialize()), JsonWebKey.FromJson(jwk).Key, batchId, validUntil);
    }

    /// <summary>
    /// Plans the answer to a verifier's request: verifies its signature and certificate chain, reads its registration
    /// (only from a registrar-rooted certificate), checks that it is fresh (<c>iat</c>/<c>exp</c>) and that its
    /// audience is the signer's own identity, picks a credential and applies the policy to every element the requested
    /// paths would reveal. A request without a certificate (<c>x5c</c>) has no identity to bind the response to, so
    /// nothing is released for it; the person's own selection (<see cref="PlanSelectionAsync"/>) names the audience itself.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan, for the person to confirm or narrow; the response will be bound to the requester's identity and nonce.</returns>
    public async Task<PresentationPlan> PlanAsync(SdJwtPresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _pipeline.Now;
        // An unsigned request names an audience nobody vouches for: answering it would bind the key-binding JWT to
        // whatever verifier the sender copied the audience and nonce from (a relay). Nothing is released for it.
        var requester = request.Jws.X5c.Count == 0
            ? RequesterIdentity.Anonymous.WithProblem(RequesterProblem.RequestNotBound)
            : _pipeline.Authenticator.Authenticate(request.Jws.X5c, key => request.Jws.VerifySignature(key), now, claimedAudience: request.Audience);
        if (!requester.Problems.Contains(RequesterProblem.SignatureInvalid)
            && RequestFreshness.Check(request.IssuedAt, request.ExpiresAt, now, _pipeline.Options, sessionBound: false) is { } stale)
        {
            requester = requester.WithProblem(stale);
        }

        requester = await _pipeline.WithConsentsAsync(requester, cancellationToken).ConfigureAwait(false);
        var binding = new SdJwtBinding(requester.ClientId?.Value ?? request.Audience, request.Nonce);
        var document = await PlanDocumentAsync(request.Vct, request.Claims.Select(c => (c, request.Retain.Contains(c))), requester, now, cancellationToken).ConfigureAwait(false);
        return await _pipeline.PlannedAsync(requester, [document], now, binding, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans a presentation the person chose directly; the never-share, deny-list and pseudonym policy still applies.</summary>
    /// <param name="vct">The credential type (or a docType or alias of a registered type).</param>
    /// <param name="claims">The claims to disclose.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan.</returns>
    public async Task<PresentationPlan> PlanSelectionAsync(string vct, IEnumerable<ClaimPath> claims, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(vct);
        ArgumentNullException.ThrowIfNull(claims);
        var now = _pipeline.Now;
        var document = await PlanDocumentAsync(vct, claims.Select(c => (c, false)), requester: null, now, cancellationToken).ConfigureAwait(false);
        return _pipeline.Planned(RequesterIdentity.Anonymous, [document], now, binding: null);
    }

    /// <summary>
    /// Presents what a plan made from <paramref name="request"/> discloses. The key-binding JWT's audience is the
    /// requester's authenticated identity fixed when planning, not whatever the request body says.
    /// </summary>
    /// <param name="plan">The plan, as the person confirmed it.</param>
    /// <param name="request">The request the plan was made from.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The SD-JWT+KB presentation, or null when the plan discloses nothing.</returns>
    /// <exception cref="InvalidOperationException">The plan was not made from this request (or is not an SD-JWT VC plan), the credential is gone or its batch is spent, or its holder key is not held.</exception>
    public Task<string?> RespondAsync(PresentationPlan plan, SdJwtPresentationRequest request, CancellationToken cancellationToken = default)
    {
        _pipeline.EnsureFormat(plan);
        ArgumentNullException.ThrowIfNull(request);
        return plan.Binding is SdJwtBinding binding && binding.Nonce == request.Nonce
            ? RespondCoreAsync(plan, binding, cancellationToken)
            : throw new InvalidOperationException("The plan was not made from this request.");
    }

    /// <summary>Presents what the person's own selection discloses, under a key-binding JWT for the given audience and nonce.</summary>
    /// <param name="plan">The plan from <see cref="PlanSelectionAsync"/>, as the person confirmed it.</param>
    /// <param name="audience">The verifier's identifier.</param>
    /// <param name="nonce">The verifier's nonce.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The SD-JWT+KB presentation, or null when the plan discloses nothing.</returns>
    /// <exception cref="InvalidOperationException">The plan is not an SD-JWT VC plan, or answers a verifier's request (its audience is fixed: use the request overload) and the audience or nonce differ, the credential is gone or its batch is spent, or its holder key is not held.</exception>
    public Task<string?> RespondAsync(PresentationPlan plan, string audience, string nonce, CancellationToken cancellationToken = default)
    {
        _pipeline.EnsureFormat(plan);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (plan.Binding is SdJwtBinding fixedBinding && (fixedBinding.Audience != audience || fixedBinding.Nonce != nonce))
        {
            throw new InvalidOperationException("The plan answers a verifier's request; its response is bound to the requester's authenticated identity and nonce.");
        }

        return RespondCoreAsync(plan, new SdJwtBinding(audience, nonce), cancellationToken);
    }

    private async Task<string?> RespondCoreAsync(PresentationPlan plan, SdJwtBinding binding, CancellationToken cancellationToken)
    {
        var planned = plan.Documents.Single();
        var disclose = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose && e.ClaimPath is not null).ToList();
        if (planned.CredentialId is null || disclose.Count == 0)
        {
            return null;
        }

        var type = _pipeline.FindType(planned.DocType);
        var now = _pipeline.Now;
        return await _pipeline.PresentAsync(plan, planned, now, async (credential, signer) =>
        {
            var sdJwt = SelectiveDisclosureJwt.Parse(Encoding.UTF8.GetString(credential.Data.Span));
            var map = SdJwtDisclosureMap.Create(sdJwt, type, type?.DocType ?? planned.DocType);
            var allowed = disclose.Select(e => new ElementId(e.NameSpace, e.Identifier)).ToHashSet();
            var (disclosures, revealed, revealedPaths) = map.Select(disclose.Select(e => ClaimPath.Parse(e.ClaimPath!)), allowed);
            _pipeline.EnsureReleasable(plan, revealedPaths.Select(r => (r.Element, r.Definition, (string?)r.Path.ToString())));

            var presentation = sdJwt.WithDisclosures(disclosures);
            var keyBinding = await KeyBindingJwt.CreateAsync(presentation, binding.Audience, binding.Nonce, now, signer, cancellationToken).ConfigureAwait(false);
            var logged = revealed.Count > 0 ? revealed.Select(r => r.Path.ToString()).Distinct() : disclose.Select(e => e.ClaimPath!);
            return ((string?)presentation.WithKeyBinding(keyBinding).Serialize(), logged);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wallet's pipeline, for the OpenID4VP client that answers through this holder.</summary>
    internal HolderPipeline Pipeline => _pipeline;

    /// <summary>OpenID4VP: the credential a query for <paramref name="vct"/> would use, described for DCQL (null when none is held).</summary>
    internal async Task<IDcqlCredential?> DescribeAsync(string vct, CancellationToken cancellationToken)
    {
        var storedType = _pipeline.FindType(vct)?.Vct ?? vct;
        if (await _pipeline.ChooseAsync(storedType, _pipeline.Now, cancellationToken).ConfigureAwait(false) is not { } chosen)
        {
            return null;
        }

        var processed = SelectiveDisclosureJwt.Parse(Encoding.UTF8.GetString(chosen.Data.Span)).Process();
        return processed.IsValid ? DcqlCredential.ForSdJwtVc(processed, DcqlHolderBinding.Cryptographic) : null;
    }

    /// <summary>
    /// OpenID4VP: plans one document for a requester the caller authenticated from the signed request object; the
    /// key-binding JWT will name <paramref name="audience"/> (the requester's full client identifier) and <paramref name="nonce"/>.
    /// </summary>
    internal async Task<PresentationPlan> PlanForAsync(RequesterIdentity requester, string vct, IEnumerable<(ClaimPath Path, bool Retain)> wanted, string audience, string nonce, CancellationToken cancellationToken)
    {
        var now = _pipeline.Now;
        var document = await PlanDocumentAsync(vct, wanted, requester, now, cancellationToken).ConfigureAwait(false);
        return await _pipeline.PlannedAsync(requester, [document], now, new SdJwtBinding(audience, nonce), cancellationToken).ConfigureAwait(false);
    }

    private async Task<PlannedDocument> PlanDocumentAsync(string vct, IEnumerable<(ClaimPath Path, bool Retain)> wanted, RequesterIdentity? requester, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var type = _pipeline.FindType(vct);
        var chosen = await _pipeline.ChooseAsync(type?.Vct ?? vct, now, cancellationToken).ConfigureAwait(false);
        var fallbackNameSpace = type?.DocType ?? vct;
        var map = chosen is null ? null : SdJwtDisclosureMap.Create(SelectiveDisclosureJwt.Parse(Encoding.UTF8.GetString(chosen.Data.Span)), type, fallbackNameSpace);
        var located = new List<(SdJwtDisclosureMap.LocatedElement Element, bool Retain, bool? Held)>();
        void Add(SdJwtDisclosureMap.LocatedElement element, bool retain, bool? held)
        {
            // One entry per element and path: a path the credential does not hold that lands on the same entry
            // (payment_amount.value beside payment_amount) neither hides the held one nor doubles it.
            var index = located.FindIndex(l => l.Element == element);
            if (index < 0)
            {
                located.Add((element, retain, held));
            }
            else
            {
                var (_, wasRetained, wasHeld) = located[index];
                located[index] = (element, wasRetained || retain, wasHeld == true || held == true ? true : wasHeld);
            }
        }

        foreach (var (path, retain) in wanted)
        {
            if (map is null || !map.Contains(path))
            {
                Add(SdJwtDisclosureMap.Locate(path, type, fallbackNameSpace), retain, map is null ? null : false);
                continue;
            }

            // Decide per element the path would reveal, never per path: "pseudonyms" becomes one element per domain.
            foreach (var element in map.ElementsFor(path))
            {
                Add(element, retain, true);
            }
        }

        string? RefuseAlso(ElementCandidate candidate)
        {
            if (map is null)
            {
                return null;
            }

            var path = candidate.Path!;
            // The path would reveal a value the person's deny list names (dependents_list denied at [0]).
            if (map.RevealedPaths(path).Any(_pipeline.Policy.IsDeniedPath))
            {
                return ElementReason.OnDenyList;
            }

            // The issuer packed this claim into one Disclosure with something the policy refuses.
            return map.RevealedAlongside(candidate.Element, path).Any(other => IsRefused(other, type, requester)) ? ElementReason.InseparableFromRefused : null;
        }

        var candidates = located.Select(l => new ElementCandidate(l.Element.Element, l.Element.Definition, l.Element.Path, l.Retain, l.Held));
        return _pipeline.PlanDocument(type?.Vct ?? vct, chosen, candidates, requester, RefuseAlso);
    }

    private bool IsRefused(ElementId element, DocumentType? type, RequesterIdentity? requester)
    {
        ElementDefinition? definition = null;
        type?.TryGetElement(element.NameSpace, element.Identifier, out definition);
        return _pipeline.Policy.Decide(element, definition, claimPath: null, held: true, requester).Decision == ElementDecision.Refused;
    }
}
