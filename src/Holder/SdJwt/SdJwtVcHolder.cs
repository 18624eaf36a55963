using System.Security.Cryptography;
using System.Text;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Presentation;
using Honnin.Jose;
using Honnin.Pseudonyms;
using Honnin.SdJwt;

namespace Honnin.Holder.SdJwt;

/// <summary>
/// The wallet side of SD-JWT VC, behind the same <see cref="PresentationPlan"/> and policy as mdoc: keeps issued
/// SD-JWT VCs, plans the answer to a verifier's <see cref="SdJwtPresentationRequest"/> (or the person's own selection),
/// and presents the chosen disclosures — with the parents a nested claim needs — under a key-binding JWT for the
/// verifier's audience and nonce. From a batch, an unused credential answers each presentation.
/// </summary>
public sealed class SdJwtVcHolder
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
    /// <param name="keys">Where holder keys are found.</param>
    /// <param name="options">The wallet's policy; defaults when null.</param>
    /// <param name="log">The person's presentation log; an in-memory log when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public SdJwtVcHolder(ICredentialStore store, IDeviceKeyResolver keys, HolderOptions? options = null, IPresentationLog? log = null, TimeProvider? timeProvider = null)
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

    /// <summary>Stores an issued SD-JWT VC.</summary>
    /// <param name="sdJwt">The compact SD-JWT as issued (no key binding).</param>
    /// <param name="batchId">The batch it belongs to, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="CredentialFormatException">The text is not an SD-JWT VC with <c>vct</c> and <c>cnf.jwk</c>, its disclosures do not process, or it already carries a key-binding JWT.</exception>
    public async Task<StoredCredential> StoreAsync(string sdJwt, string? batchId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        var parsed = Honnin.SdJwt.SdJwt.Parse(sdJwt);
        if (parsed.KeyBinding is not null)
        {
            throw new CredentialFormatException(SdJwtFailureCodes.Malformed, "An issued SD-JWT must not carry a key-binding JWT (RFC 9901 §7.2).");
        }

        var processed = parsed.Process();
        var payload = processed.GetPayload();
        if (!processed.IsValid || payload is null)
        {
            throw new CredentialFormatException(processed.Problems.Count > 0 ? processed.Problems[0].Code : SdJwtFailureCodes.Malformed, "The SD-JWT's disclosures do not process.");
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
        var credential = new StoredCredential
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Format = CredentialFormat.SdJwtVc,
            DocType = vct,
            Data = Encoding.UTF8.GetBytes(parsed.Serialize()),
            DeviceKey = JsonWebKey.FromJson(jwk).Key,
            BatchId = batchId,
            ValidUntil = payload.ContainsKey("exp") ? expires : null,
        };
        await _store.AddAsync(credential, cancellationToken).ConfigureAwait(false);
        return credential;
    }

    /// <summary>Plans the answer to a verifier's request: verifies its signature and certificate chain, reads its registration, picks a credential, applies the policy.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan, for the person to confirm or narrow.</returns>
    public async Task<PresentationPlan> PlanAsync(SdJwtPresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _timeProvider.GetUtcNow();
        var requester = request.Jws.X5c.Count == 0
            ? RequesterIdentity.Anonymous
            : _authenticator.Authenticate(request.Jws.X5c, key => request.Jws.VerifySignature(key), now);
        var document = await PlanDocumentAsync(request.Vct, request.Claims.Select(c => (c, request.Retain.Contains(c))), requester, now, cancellationToken).ConfigureAwait(false);
        return new PresentationPlan(requester, [document], now);
    }

    /// <summary>Plans a presentation the person chose directly; the never-share and deny-list policy still applies.</summary>
    /// <param name="vct">The credential type (or a docType or alias of a registered type).</param>
    /// <param name="claims">The claims to disclose.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan.</returns>
    public async Task<PresentationPlan> PlanSelectionAsync(string vct, IEnumerable<ClaimPath> claims, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(vct);
        ArgumentNullException.ThrowIfNull(claims);
        var now = _timeProvider.GetUtcNow();
        var document = await PlanDocumentAsync(vct, claims.Select(c => (c, false)), requester: null, now, cancellationToken).ConfigureAwait(false);
        return new PresentationPlan(RequesterIdentity.Anonymous, [document], now);
    }

    /// <summary>Presents what the plan discloses to the verifier of <paramref name="request"/>.</summary>
    /// <param name="plan">The plan, as the person confirmed it.</param>
    /// <param name="request">The request (its audience and nonce bind the key-binding JWT).</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The SD-JWT+KB presentation, or null when the plan discloses nothing.</returns>
    /// <exception cref="InvalidOperationException">The credential is gone, or its holder key is not held.</exception>
    public Task<string?> RespondAsync(PresentationPlan plan, SdJwtPresentationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RespondAsync(plan, request.Audience, request.Nonce, cancellationToken);
    }

    /// <summary>Presents what the plan discloses, under a key-binding JWT for the given audience and nonce.</summary>
    /// <param name="plan">The plan, as the person confirmed it.</param>
    /// <param name="audience">The verifier's identifier.</param>
    /// <param name="nonce">The verifier's nonce.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The SD-JWT+KB presentation, or null when the plan discloses nothing.</returns>
    /// <exception cref="InvalidOperationException">The credential is gone, or its holder key is not held.</exception>
    public async Task<string?> RespondAsync(PresentationPlan plan, string audience, string nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        var planned = plan.Documents.Single();
        var disclose = planned.Elements.Where(e => e.Decision == ElementDecision.Disclose && e.ClaimPath is not null).Select(e => ClaimPath.Parse(e.ClaimPath!)).ToList();
        if (planned.CredentialId is null || disclose.Count == 0)
        {
            return null;
        }

        var credential = (await _store.ListAsync(planned.DocType, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == planned.CredentialId)
            ?? throw new InvalidOperationException($"The credential '{planned.CredentialId}' is no longer in the store.");
        var signer = await _keys.FindAsync(credential.DeviceKey, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The holder key of credential '{credential.Id}' is not held by this wallet.");
        var sdJwt = Honnin.SdJwt.SdJwt.Parse(Encoding.UTF8.GetString(credential.Data.Span));
        var presentation = await sdJwt.PresentAsync(disclose, audience, nonce, _timeProvider.GetUtcNow(), signer, cancellationToken).ConfigureAwait(false);

        await _store.UpdateAsync(credential with { UseCount = credential.UseCount + 1 }, cancellationToken).ConfigureAwait(false);
        await _log.AppendAsync(new PresentationRecord(_timeProvider.GetUtcNow(), plan.Requester, planned.DocType, credential.Id, [.. disclose.Select(d => d.ToString())]), cancellationToken).ConfigureAwait(false);
        return presentation.Serialize();
    }

    private async Task<PlannedDocument> PlanDocumentAsync(string vct, IEnumerable<(ClaimPath Path, bool Retain)> wanted, RequesterIdentity? requester, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _options.DocumentTypes.TryGet(vct, out var type);
        var candidates = (await _store.ListAsync(type?.Vct ?? vct, cancellationToken).ConfigureAwait(false))
            .Where(c => c.Format == CredentialFormat.SdJwtVc && (c.ValidUntil is null || c.ValidUntil > now))
            .OrderBy(c => c.UseCount)
            .ToList();
        var chosen = candidates.FirstOrDefault();
        var sdJwt = chosen is null ? null : Honnin.SdJwt.SdJwt.Parse(Encoding.UTF8.GetString(chosen.Data.Span));
        var elements = new List<PlannedElement>();
        foreach (var (path, retain) in wanted)
        {
            var (nameSpace, identifier, definition) = Locate(path, type);
            var held = sdJwt is null ? (bool?)null : sdJwt.ContainsClaim(path);
            var (decision, reason) = _policy.Decide(nameSpace, identifier, definition, held, requester);
            var (ja, en) = PresentationPolicy.DisplayNames(nameSpace, identifier, definition);
            elements.Add(new PlannedElement(nameSpace, identifier, ja, en, retain, decision, reason, path.ToString()));
        }

        return new PlannedDocument(type?.Vct ?? vct, chosen?.Id, chosen is { UseCount: > 0 }, elements.AsReadOnly());
    }

    /// <summary>The namespace and identifier the policy and registrations use for a claim path.</summary>
    private static (string NameSpace, string Identifier, ElementDefinition? Definition) Locate(ClaimPath path, DocumentType? type)
    {
        if (PseudonymDomain.TryFromClaimPath(path.ToString(), out var domain))
        {
            return (HonninDocumentTypes.PseudonymNameSpace, domain.ElementIdentifier, null);
        }

        var name = path.Segments[0].Name ?? string.Empty;
        var matches = type?.FindElements(name) ?? [];
        return matches.Count == 1 ? (matches[0].NameSpace, matches[0].Identifier, matches[0]) : (type?.DocType ?? string.Empty, name, null);
    }
}
