using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;

namespace Honnin.Issuer.SdJwt;

/// <summary>
/// Creates an SD-JWT from a JSON payload and a disclosability plan: object members and array elements made
/// selectively disclosable by <see cref="ClaimPath"/> (a path inside another disclosable claim gives a recursive
/// Disclosure), decoy digests per container, fresh 128-bit salts from <see cref="RandomNumberGenerator"/>, and
/// <c>_sd</c> arrays in random order so they do not reveal the original order (RFC 9901 §4.2.4–4.2.6, §9.3).
/// </summary>
/// <remarks>
/// With the SD-JWT VC types (<c>dc+sd-jwt</c>, the default, or <c>vc+sd-jwt</c>) the builder also enforces
/// draft-ietf-oauth-sd-jwt-vc: <c>vct</c> is a top-level string, and <c>iss</c>, <c>nbf</c>, <c>exp</c>, <c>cnf</c>,
/// <c>vct</c>, <c>vct#integrity</c>, <c>aka_vcts</c> and <c>status</c> (with everything inside them) stay plain.
/// </remarks>
public sealed class SdJwtBuilder
{
    private static readonly HashSet<string> NeverDisclosableInVc = new(StringComparer.Ordinal)
    {
        "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status",
    };

    private readonly JsonObject _claims;
    private readonly List<ClaimPath> _disclosable = [];
    private readonly Dictionary<string, int> _decoys = new(StringComparer.Ordinal);
    private readonly JsonObject _extraHeaders = [];
    private JsonWebKey? _holderKey;

    /// <summary>Starts from the claims to issue (copied). Registered claims such as <c>iss</c>, <c>iat</c>, <c>exp</c> and <c>vct</c> are part of them.</summary>
    /// <param name="claims">The claims.</param>
    /// <exception cref="ArgumentException">A member anywhere is named <c>_sd</c>, <c>...</c> or <c>_sd_alg</c>.</exception>
    public SdJwtBuilder(JsonObject claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        CheckReservedNames(claims);
        _claims = (JsonObject)claims.DeepClone();
    }

    /// <summary>The digest algorithm, written as <c>_sd_alg</c>. Default <see cref="SdHashAlgorithm.Sha256"/>.</summary>
    public SdHashAlgorithm HashAlgorithm { get; set; } = SdHashAlgorithm.Sha256;

    /// <summary>The <c>typ</c> header. Default <c>dc+sd-jwt</c> (SD-JWT VC); null writes none.</summary>
    public string? Type { get; set; } = "dc+sd-jwt";

    /// <summary>Makes a claim selectively disclosable: an object member (<c>address.locality</c>), an array element (<c>nationalities[0]</c>), or every element (<c>nationalities[*]</c>).</summary>
    /// <param name="path">The claim path.</param>
    /// <returns>This builder.</returns>
    public SdJwtBuilder MakeDisclosable(ClaimPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        _disclosable.Add(path);
        return this;
    }

    /// <summary>Makes a claim selectively disclosable, by its text path; see <see cref="MakeDisclosable(ClaimPath)"/>.</summary>
    /// <param name="path">The claim path text.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="FormatException">The text is not a claim path.</exception>
    public SdJwtBuilder MakeDisclosable(string path) => MakeDisclosable(ClaimPath.Parse(path));

    /// <summary>Adds decoy digests to the top-level <c>_sd</c> array.</summary>
    /// <param name="count">How many.</param>
    /// <returns>This builder.</returns>
    public SdJwtBuilder AddDecoys(int count) => AddDecoys(null, count);

    /// <summary>Adds decoy digests to an object's <c>_sd</c> array, or decoy <c>{"...": …}</c> elements at random places of an array.</summary>
    /// <param name="container">The object or array (null for the top level); it must not be a path with <c>[*]</c>.</param>
    /// <param name="count">How many.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above 1000.</exception>
    public SdJwtBuilder AddDecoys(ClaimPath? container, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1000);
        var key = container?.ToString() ?? string.Empty;
        _decoys[key] = _decoys.GetValueOrDefault(key) + count;
        return this;
    }

    /// <summary>Binds the credential to the holder's key as <c>cnf.jwk</c>.</summary>
    /// <param name="holderKey">The holder's public key.</param>
    /// <returns>This builder.</returns>
    public SdJwtBuilder WithHolderKey(JsonWebKey holderKey)
    {
        ArgumentNullException.ThrowIfNull(holderKey);
        _holderKey = holderKey;
        return this;
    }

    /// <summary>Adds a protected header parameter, e.g. <c>x5c</c> or <c>kid</c> (<c>alg</c> comes from the signer; <c>typ</c> from <see cref="Type"/>).</summary>
    /// <param name="name">The parameter name; not <c>alg</c>, <c>typ</c> or <c>crit</c>.</param>
    /// <param name="value">The value (copied).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is <c>alg</c>, <c>typ</c> or <c>crit</c>.</exception>
    public SdJwtBuilder WithHeader(string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is "alg" or "typ" or "crit")
        {
            throw new ArgumentException("'alg' comes from the signer, 'typ' from Type, and critical extensions are not written.", nameof(name));
        }

        _extraHeaders[name] = value?.DeepClone();
        return this;
    }

    /// <summary>Builds the payload and Disclosures and signs the Issuer-signed JWT.</summary>
    /// <param name="issuer">The issuer's signer.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The SD-JWT with every Disclosure (as issued to the holder).</returns>
    /// <exception cref="ArgumentException">
    /// A planned path or decoy container does not exist, a path is planned twice, or (for SD-JWT VC) <c>vct</c> is
    /// missing or a never-disclosable claim is planned.
    /// </exception>
    public async ValueTask<SelectiveDisclosureJwt> BuildAsync(ISigner issuer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var prepared = Prepare(issuer.Algorithm, issuer.KeyId);
        var signature = await issuer.SignAsync(prepared.ToBeSigned, cancellationToken).ConfigureAwait(false);
        return prepared.Complete(signature);
    }

    /// <summary>Builds the payload and Disclosures for signing elsewhere; finish with <see cref="PreparedSdJwt.Complete"/>.</summary>
    /// <param name="algorithm">The algorithm the issuer signs with.</param>
    /// <param name="keyId">The issuer key's id for the header's <c>kid</c> (unless the header holds one), or null.</param>
    /// <returns>The prepared SD-JWT and the bytes to sign.</returns>
    /// <exception cref="ArgumentException">
    /// A planned path or decoy container does not exist, a path is planned twice, or (for SD-JWT VC) <c>vct</c> is
    /// missing or a never-disclosable claim is planned.
    /// </exception>
    public PreparedSdJwt Prepare(CoseAlgorithm algorithm, string? keyId = null)
    {
        var claims = (JsonObject)_claims.DeepClone();
        if (_holderKey is not null)
        {
            if (claims.ContainsKey("cnf"))
            {
                throw new ArgumentException("The claims already hold 'cnf'; give the holder key once.");
            }

            claims["cnf"] = new JsonObject { ["jwk"] = _holderKey.ToJsonObject() };
        }

        var plan = ExpandPlan(claims);
        if (Type is "dc+sd-jwt" or "vc+sd-jwt")
        {
            CheckSdJwtVc(claims, plan);
        }

        foreach (var container in _decoys.Keys)
        {
            if (container.Length > 0 && Find(claims, ClaimPath.Parse(container)) is not (JsonObject or JsonArray))
            {
                throw new ArgumentException($"The decoy container '{container}' is not an object or array of the claims.");
            }
        }

        var disclosures = new List<Disclosure>();
        var payload = (JsonObject)Transform(claims, null, plan, disclosures)!;
        payload["_sd_alg"] = HashAlgorithm.Name;

        var header = new JsonObject();
        if (Type is not null)
        {
            header["typ"] = Type;
        }

        foreach (var (name, value) in _extraHeaders)
        {
            header[name] = value?.DeepClone();
        }

        return new PreparedSdJwt(CompactJwsToBeSigned.Prepare(algorithm, keyId, header, StrictJson.SerializeToUtf8Bytes(payload)), disclosures);
    }

    private static void CheckReservedNames(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name is "_sd" or "..." or "_sd_alg")
                    {
                        throw new ArgumentException($"The claims hold the reserved name '{name}'.", nameof(node));
                    }

                    CheckReservedNames(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CheckReservedNames(item);
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode? node, ClaimPath path)
    {
        foreach (var segment in path.Segments)
        {
            node = segment.IsName
                ? node is JsonObject obj && obj.TryGetPropertyValue(segment.Name!, out var child) ? child : null
                : node is JsonArray array && !segment.IsAllElements && segment.Index < array.Count ? array[segment.Index] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static JsonArray Shuffled(List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return [.. items.Select(d => (JsonNode)d)];
    }

    private HashSet<ClaimPath> ExpandPlan(JsonObject claims)
    {
        var plan = new HashSet<ClaimPath>();
        foreach (var path in _disclosable)
        {
            var concrete = new List<(ClaimPath Path, JsonNode? Node)> { (null!, claims) };
            foreach (var segment in path.Segments)
            {
                var next = new List<(ClaimPath, JsonNode?)>();
                foreach (var (prefix, node) in concrete)
                {
                    if (segment.IsName)
                    {
                        if (node is JsonObject obj && obj.TryGetPropertyValue(segment.Name!, out var child))
                        {
                            next.Add((prefix is null ? ClaimPath.ForClaim(segment.Name!) : prefix.Append(segment), child));
                        }
                    }
                    else if (node is JsonArray array)
                    {
                        var indexes = segment.IsAllElements ? Enumerable.Range(0, array.Count) : segment.Index < array.Count ? [segment.Index] : [];
                        next.AddRange(indexes.Select(i => (prefix.Append(ClaimPathSegment.ForIndex(i)), array[i])));
                    }
                }

                concrete = next;
            }

            if (concrete.Count == 0 && !(path.Segments[^1].IsAllElements && Find(claims, new ClaimPath(path.Segments.SkipLast(1))) is JsonArray))
            {
                throw new ArgumentException($"The claim '{path}' is not in the claims.");
            }

            foreach (var (concretePath, _) in concrete)
            {
                if (!plan.Add(concretePath))
                {
                    throw new ArgumentException($"The claim '{concretePath}' is made disclosable twice.");
                }
            }
        }

        return plan;
    }

    private void CheckSdJwtVc(JsonObject claims, HashSet<ClaimPath> plan)
    {
        if (claims["vct"] is not JsonValue vct || vct.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            throw new ArgumentException("An SD-JWT VC needs a string 'vct'.");
        }

        foreach (var path in plan)
        {
            if (NeverDisclosableInVc.Contains(path.Segments[0].Name!))
            {
                throw new ArgumentException($"'{path}' must not be selectively disclosable in an SD-JWT VC.");
            }
        }

        if (plan.Count == 0 && _decoys.Values.Any(c => c > 0))
        {
            throw new ArgumentException("An SD-JWT VC without selectively disclosable claims must not carry '_sd', so it takes no decoys.");
        }
    }

    private JsonNode? Transform(JsonNode? node, ClaimPath? path, HashSet<ClaimPath> plan, List<Disclosure> disclosures)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                var digests = new List<string>();
                foreach (var (name, value) in obj)
                {
                    var childPath = path is null ? ClaimPath.ForClaim(name) : path.Append(ClaimPathSegment.ForName(name));
                    var transformed = Transform(value, childPath, plan, disclosures);
                    if (plan.Contains(childPath))
                    {
                        var disclosure = Disclosure.CreateObjectProperty(Disclosure.CreateSalt(), name, transformed);
                        disclosures.Add(disclosure);
                        digests.Add(disclosure.ComputeDigest(HashAlgorithm));
                    }
                    else
                    {
                        result[name] = transformed;
                    }
                }

                for (var i = 0; i < _decoys.GetValueOrDefault(path?.ToString() ?? string.Empty); i++)
                {
                    digests.Add(Decoy());
                }

                if (digests.Count > 0)
                {
                    result["_sd"] = Shuffled(digests);
                }

                return result;
            }

            case JsonArray array:
            {
                var result = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = path!.Append(ClaimPathSegment.ForIndex(i));
                    var transformed = Transform(array[i], childPath, plan, disclosures);
                    if (plan.Contains(childPath))
                    {
                        var disclosure = Disclosure.CreateArrayElement(Disclosure.CreateSalt(), transformed);
                        disclosures.Add(disclosure);
                        result.Add(new JsonObject { ["..."] = disclosure.ComputeDigest(HashAlgorithm) });
                    }
                    else
                    {
                        result.Add(transformed);
                    }
                }

                for (var i = 0; i < _decoys.GetValueOrDefault(path!.ToString()); i++)
                {
                    result.Insert(RandomNumberGenerator.GetInt32(result.Count + 1), new JsonObject { ["..."] = Decoy() });
                }

                return result;
            }

            default:
                return node?.DeepClone();
        }
    }

    private string Decoy() => HashAlgorithm.ComputeDigest(Disclosure.CreateSalt());
}
