using System.Text.Json.Nodes;
using Honnin.SdJwt;

namespace Honnin.Dcql;

/// <summary>
/// One entry of a DCQL query's <c>credentials</c> (OpenID4VP 1.0 §6.1): a request for one credential (or several, with
/// <see cref="Multiple"/>) of a <see cref="Format"/> and type, with the claims it asks for. For <c>mso_mdoc</c>
/// <see cref="DoctypeValue"/> is the doctype; for <c>dc+sd-jwt</c> <see cref="VctValues"/> are the accepted types;
/// other formats are kept as written and match no Honnin credential.
/// </summary>
public sealed class DcqlCredentialQuery
{
    private readonly JsonObject _meta;

    private DcqlCredentialQuery(
        string id,
        string format,
        bool multiple,
        JsonObject meta,
        IReadOnlyList<DcqlClaimQuery>? claims,
        IReadOnlyList<IReadOnlyList<string>>? claimSets,
        bool requireCryptographicHolderBinding,
        IReadOnlyList<DcqlTrustedAuthority>? trustedAuthorities)
    {
        Id = id;
        Format = format;
        Multiple = multiple;
        _meta = meta;
        Claims = claims;
        ClaimSets = claimSets;
        RequireCryptographicHolderBinding = requireCryptographicHolderBinding;
        TrustedAuthorities = trustedAuthorities;
        DoctypeValue = format == DcqlFormats.Mdoc ? (string)meta["doctype_value"]! : null;
        VctValues = format == DcqlFormats.SdJwtVc ? DcqlReader.Texts(meta["vct_values"], "vct_values", DcqlFailureCodes.InvalidMeta, DcqlQuery.MaxValues) : null;
    }

    /// <summary>The identifier: the key of the answer in the VP Token and the name credential sets use.</summary>
    public string Id { get; }

    /// <summary>The Credential Format Identifier as written, e.g. <see cref="DcqlFormats.Mdoc"/> or <see cref="DcqlFormats.SdJwtVc"/>.</summary>
    public string Format { get; }

    /// <summary>Whether more than one credential may answer this query (<c>multiple</c>, default false).</summary>
    public bool Multiple { get; }

    /// <summary>For <c>mso_mdoc</c>: the requested doctype (<c>meta.doctype_value</c>); null for other formats.</summary>
    public string? DoctypeValue { get; }

    /// <summary>For <c>dc+sd-jwt</c>: the accepted types (<c>meta.vct_values</c>, at least one); null for other formats.</summary>
    public IReadOnlyList<string>? VctValues { get; }

    /// <summary>The claims asked for, or null when <c>claims</c> is absent (no selectively disclosable claim is requested).</summary>
    public IReadOnlyList<DcqlClaimQuery>? Claims { get; }

    /// <summary>The claim sets, in the verifier's order of preference: each a list of claim ids; null when absent (all <see cref="Claims"/> are requested).</summary>
    public IReadOnlyList<IReadOnlyList<string>>? ClaimSets { get; }

    /// <summary>Whether the verifier requires a cryptographic holder binding proof (<c>require_cryptographic_holder_binding</c>, default true).</summary>
    public bool RequireCryptographicHolderBinding { get; }

    /// <summary>The authorities the verifier accepts as certifying the issuer, or null when it names none.</summary>
    public IReadOnlyList<DcqlTrustedAuthority>? TrustedAuthorities { get; }

    /// <summary>The <c>meta</c> object as written (for formats whose members Honnin does not read, e.g. <c>type_values</c>).</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject GetMeta() => (JsonObject)_meta.DeepClone();

    /// <summary>The claims of one claim set, in the set's order.</summary>
    /// <param name="claimSetIndex">The index in <see cref="ClaimSets"/>.</param>
    /// <returns>The claim queries.</returns>
    /// <exception cref="InvalidOperationException">The query has no claim sets.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside <see cref="ClaimSets"/>.</exception>
    public IReadOnlyList<DcqlClaimQuery> ClaimSet(int claimSetIndex)
    {
        if (ClaimSets is null || Claims is null)
        {
            throw new InvalidOperationException($"The credential query {Id} has no claim sets.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(claimSetIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(claimSetIndex, ClaimSets.Count);
        return ClaimSets[claimSetIndex].Select(id => Claims.First(c => c.Id == id)).ToArray();
    }

    internal static DcqlCredentialQuery Read(JsonNode? node, int index)
    {
        if (node is not JsonObject query)
        {
            throw DcqlReader.Malformed($"credentials[{index}] is not an object.");
        }

        var id = DcqlReader.OptionalText(query, "id", DcqlFailureCodes.InvalidId)
            ?? throw DcqlReader.Fail(DcqlFailureCodes.InvalidId, $"credentials[{index}] has no id.");
        if (!DcqlReader.IsIdentifier(id))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidId, $"The id of credentials[{index}] is not a non-empty string of letters, digits, '_' and '-'.");
        }

        var format = DcqlReader.OptionalText(query, "format") ?? throw DcqlReader.Malformed($"The credential query {id} has no format.");
        if (format.Length == 0)
        {
            throw DcqlReader.Malformed($"The format of the credential query {id} is empty.");
        }

        var multiple = DcqlReader.OptionalBoolean(query, "multiple") ?? false;
        var holderBinding = DcqlReader.OptionalBoolean(query, "require_cryptographic_holder_binding") ?? true;
        var meta = ReadMeta(query, id, format);

        IReadOnlyList<DcqlTrustedAuthority>? authorities = null;
        if (DcqlReader.OptionalArray(query, "trusted_authorities", DcqlQuery.MaxTrustedAuthorities, DcqlFailureCodes.InvalidTrustedAuthorities) is { } authorityArray)
        {
            authorities = authorityArray.Select(DcqlTrustedAuthority.Read).ToArray();
        }

        IReadOnlyList<DcqlClaimQuery>? claims = null;
        if (DcqlReader.OptionalArray(query, "claims", DcqlQuery.MaxClaims) is { } claimArray)
        {
            claims = claimArray.Select((c, i) => DcqlClaimQuery.Read(c, format, i)).ToArray();
            CheckClaims(claims, id);
        }

        IReadOnlyList<IReadOnlyList<string>>? claimSets = null;
        if (query.ContainsKey("claim_sets"))
        {
            claimSets = ReadClaimSets(query, id, claims);
        }

        return new DcqlCredentialQuery(id, format, multiple, meta, claims, claimSets, holderBinding, authorities);
    }

    internal JsonObject ToJson()
    {
        var query = new JsonObject
        {
            ["id"] = Id,
            ["format"] = Format,
        };
        if (Multiple)
        {
            query["multiple"] = true;
        }

        query["meta"] = _meta.DeepClone();
        if (TrustedAuthorities is not null)
        {
            query["trusted_authorities"] = new JsonArray([.. TrustedAuthorities.Select(a => (JsonNode)a.ToJson())]);
        }

        if (!RequireCryptographicHolderBinding)
        {
            query["require_cryptographic_holder_binding"] = false;
        }

        if (Claims is not null)
        {
            query["claims"] = new JsonArray([.. Claims.Select(c => (JsonNode)c.ToJson())]);
        }

        if (ClaimSets is not null)
        {
            query["claim_sets"] = new JsonArray([.. ClaimSets.Select(s => (JsonNode)DcqlReader.ToArray(s))]);
        }

        return query;
    }

    private static JsonObject ReadMeta(JsonObject query, string id, string format)
    {
        if (query["meta"] is not JsonObject meta)
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidMeta, $"The credential query {id} has no meta object (OpenID4VP 1.0 §6.1: meta is required, and may be empty).");
        }

        if (format == DcqlFormats.Mdoc && (DcqlReader.OptionalText(meta, "doctype_value", DcqlFailureCodes.InvalidMeta) is not { Length: > 0 }))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidMeta, $"The mso_mdoc credential query {id} has no doctype_value string in meta.");
        }

        if (format == DcqlFormats.SdJwtVc)
        {
            var vcts = DcqlReader.Texts(meta["vct_values"], $"meta.vct_values of the credential query {id}", DcqlFailureCodes.InvalidMeta, DcqlQuery.MaxValues);
            if (vcts is null || vcts.Any(v => v.Length == 0))
            {
                throw DcqlReader.Fail(DcqlFailureCodes.InvalidMeta, $"The dc+sd-jwt credential query {id} has no vct_values of non-empty strings in meta.");
            }
        }

        return (JsonObject)meta.DeepClone();
    }

    private static void CheckClaims(IReadOnlyList<DcqlClaimQuery> claims, string id)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<ClaimPath>();
        foreach (var claim in claims)
        {
            if (claim.Id is not null && !ids.Add(claim.Id))
            {
                throw DcqlReader.Fail(DcqlFailureCodes.DuplicateId, $"The credential query {id} has two claims with the id {claim.Id}.");
            }

            if (!paths.Add(claim.Path))
            {
                throw DcqlReader.Fail(DcqlFailureCodes.DuplicateClaim, $"The credential query {id} points at the claim {claim.Path} twice.");
            }
        }
    }

    private static string[][] ReadClaimSets(JsonObject query, string id, IReadOnlyList<DcqlClaimQuery>? claims)
    {
        if (claims is null)
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidClaimSet, $"The credential query {id} has claim_sets but no claims.");
        }

        if (claims.Any(c => c.Id is null))
        {
            throw DcqlReader.Fail(DcqlFailureCodes.InvalidClaimSet, $"The credential query {id} has claim_sets, so every claim needs an id.");
        }

        var array = DcqlReader.OptionalArray(query, "claim_sets", DcqlQuery.MaxClaimSets, DcqlFailureCodes.InvalidClaimSet)!;
        var sets = new string[array.Count][];
        for (var i = 0; i < array.Count; i++)
        {
            var set = DcqlReader.Texts(array[i], $"claim_sets[{i}] of the credential query {id}", DcqlFailureCodes.InvalidClaimSet, DcqlQuery.MaxClaims)
                ?? throw DcqlReader.Fail(DcqlFailureCodes.InvalidClaimSet, $"claim_sets[{i}] of the credential query {id} is not a non-empty array of claim ids.");
            if (set.FirstOrDefault(claimId => claims.All(c => c.Id != claimId)) is { } unknown)
            {
                throw DcqlReader.Fail(DcqlFailureCodes.InvalidClaimSet, $"claim_sets[{i}] of the credential query {id} names the claim id {unknown}, which its claims do not have.");
            }

            sets[i] = [.. set];
        }

        return sets;
    }
}
