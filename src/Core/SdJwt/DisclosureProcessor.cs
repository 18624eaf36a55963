using System.Text.Json;
using System.Text.Json.Nodes;

namespace Honnin.SdJwt;

/// <summary>
/// RFC 9901 §7.1 steps 3–6 over a payload and the sent Disclosures: digests matched in <c>_sd</c> arrays and
/// <c>{"...": digest}</c> array elements, recursively through disclosed values; unmatched digests ignored (decoys,
/// withheld claims) and unmatched array elements removed; every rule violation collected with its code.
/// </summary>
internal sealed class DisclosureProcessor
{
    private const string SdKey = "_sd";
    private const string ArrayElementKey = "...";
    private const string SdAlgKey = "_sd_alg";

    private readonly IReadOnlyList<Disclosure> _disclosures;
    private readonly Dictionary<string, int> _byDigest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenDigests = new(StringComparer.Ordinal);
    private readonly bool[] _referenced;
    private readonly List<Problem> _problems = [];
    private readonly List<DisclosedClaim> _claims = [];
    private readonly int _maxDepth;
    private bool _tooDeepReported;

    private DisclosureProcessor(IReadOnlyList<Disclosure> disclosures, SdHashAlgorithm algorithm, int maxDepth)
    {
        _disclosures = disclosures;
        _referenced = new bool[disclosures.Count];
        _maxDepth = maxDepth;
        for (var i = 0; i < disclosures.Count; i++)
        {
            if (!_byDigest.TryAdd(disclosures[i].ComputeDigest(algorithm), i))
            {
                _referenced[i] = true; // reported as a duplicate, not also as unreferenced
                Report(SdJwtFailureCodes.DisclosureDuplicated, $"Disclosure {i} was sent more than once.");
            }
        }
    }

    public static SdJwtProcessingResult Process(JsonObject payload, IReadOnlyList<Disclosure> disclosures, SdHashAlgorithm algorithm, int maxDepth)
    {
        var processor = new DisclosureProcessor(disclosures, algorithm, maxDepth);
        var processed = processor.ProcessObject(payload, null, null, 1, topLevel: true);
        for (var i = 0; i < processor._referenced.Length; i++)
        {
            if (!processor._referenced[i])
            {
                processor.Report(SdJwtFailureCodes.DisclosureUnreferenced, $"Disclosure {i} ({Describe(disclosures[i])}) is not referenced by any digest in the payload or in another sent Disclosure.");
            }
        }

        return new SdJwtProcessingResult(processed, processor._problems, processor._claims);
    }

    private static string Describe(Disclosure disclosure) =>
        disclosure.ClaimName is { } name ? "claim '" + Shorten(name) + "'" : "array element";

    private static ClaimPath Child(ClaimPath? path, string name) =>
        path is null ? ClaimPath.ForClaim(name) : path.Append(ClaimPathSegment.ForName(name));

    private static string Where(ClaimPath? path) => path is null ? "the top level" : "'" + Shorten(path.ToString()) + "'";

    // Names come from the input: keep messages short however long a name is.
    private static string Shorten(string name) => name.Length <= 80 ? name : name[..77] + "...";

    private JsonNode? ProcessValue(JsonNode? value, ClaimPath path, int? parent, int depth) => value switch
    {
        JsonObject obj => ProcessObject(obj, path, parent, depth, topLevel: false),
        JsonArray array => ProcessArray(array, path, parent, depth),
        null => null,
        _ => value.DeepClone(),
    };

    private JsonObject ProcessObject(JsonObject obj, ClaimPath? path, int? parent, int depth, bool topLevel)
    {
        var result = new JsonObject();
        if (!CheckDepth(depth, path))
        {
            return result;
        }

        foreach (var (name, value) in obj)
        {
            switch (name)
            {
                case SdKey:
                    continue;
                case SdAlgKey when topLevel:
                    continue;
                case SdAlgKey:
                    Report(SdJwtFailureCodes.InvalidDigestContainer, $"'_sd_alg' appears at {Where(path)}; it is allowed only at the top level.");
                    continue;
                case ArrayElementKey:
                    Report(SdJwtFailureCodes.InvalidDigestContainer, $"The reserved key '...' appears in an object at {Where(path)} that is not an array element.");
                    continue;
                default:
                    result[name] = ProcessValue(value, Child(path, name), parent, depth + 1);
                    break;
            }
        }

        if (!obj.TryGetPropertyValue(SdKey, out var sd))
        {
            return result;
        }

        if (sd is not JsonArray digests)
        {
            Report(SdJwtFailureCodes.InvalidDigestContainer, $"'_sd' at {Where(path)} is not an array.");
            return result;
        }

        foreach (var item in digests)
        {
            if (item is not JsonValue digestValue || digestValue.GetValueKind() != JsonValueKind.String)
            {
                Report(SdJwtFailureCodes.InvalidDigestContainer, $"'_sd' at {Where(path)} holds a value that is not a string.");
                continue;
            }

            var digest = digestValue.GetValue<string>();
            if (!_seenDigests.Add(digest))
            {
                Report(SdJwtFailureCodes.DigestDuplicated, $"A digest in '_sd' at {Where(path)} occurs more than once.");
                continue;
            }

            if (!_byDigest.TryGetValue(digest, out var index))
            {
                continue; // a decoy, or a claim the holder did not disclose
            }

            _referenced[index] = true;
            var disclosure = _disclosures[index];
            if (disclosure.ClaimName is not { } claimName)
            {
                Report(SdJwtFailureCodes.DisclosureWrongShape, $"Disclosure {index} is an array element, but its digest is in '_sd' at {Where(path)}.");
                continue;
            }

            if (claimName is SdKey or ArrayElementKey)
            {
                Report(SdJwtFailureCodes.ReservedClaimName, $"Disclosure {index} uses the reserved claim name '{Shorten(claimName)}'.");
                continue;
            }

            if (claimName == SdAlgKey)
            {
                Report(SdJwtFailureCodes.InvalidDigestContainer, $"Disclosure {index} discloses '_sd_alg', which must be a plain top-level claim.");
                continue;
            }

            if (result.ContainsKey(claimName))
            {
                Report(SdJwtFailureCodes.ClaimNameCollision, $"Disclosure {index} discloses '{Shorten(claimName)}', which already exists at {Where(path)}.");
                continue;
            }

            var claimPath = Child(path, claimName);
            _claims.Add(new DisclosedClaim(index, claimPath, parent));
            result[claimName] = ProcessValue(disclosure.Value, claimPath, index, depth + 1);
        }

        return result;
    }

    private JsonArray ProcessArray(JsonArray array, ClaimPath path, int? parent, int depth)
    {
        var result = new JsonArray();
        if (!CheckDepth(depth, path))
        {
            return result;
        }

        foreach (var element in array)
        {
            if (element is JsonObject obj && obj.ContainsKey(ArrayElementKey))
            {
                if (obj.Count != 1 || obj[ArrayElementKey] is not JsonValue digestValue || digestValue.GetValueKind() != JsonValueKind.String)
                {
                    Report(SdJwtFailureCodes.InvalidDigestContainer, $"An array element of '{Shorten(path.ToString())}' has the key '...' with other keys or a value that is not a string.");
                    continue;
                }

                var digest = digestValue.GetValue<string>();
                if (!_seenDigests.Add(digest))
                {
                    Report(SdJwtFailureCodes.DigestDuplicated, $"A digest in the array '{Shorten(path.ToString())}' occurs more than once.");
                    continue;
                }

                if (!_byDigest.TryGetValue(digest, out var index))
                {
                    continue; // not disclosed, or a decoy: the element is removed
                }

                _referenced[index] = true;
                var disclosure = _disclosures[index];
                if (!disclosure.IsArrayElement)
                {
                    Report(SdJwtFailureCodes.DisclosureWrongShape, $"Disclosure {index} is an object property, but its digest is an element of the array '{Shorten(path.ToString())}'.");
                    continue;
                }

                var elementPath = path.Append(ClaimPathSegment.ForIndex(result.Count));
                _claims.Add(new DisclosedClaim(index, elementPath, parent));
                result.Add(ProcessValue(disclosure.Value, elementPath, index, depth + 1));
                continue;
            }

            result.Add(ProcessValue(element, path.Append(ClaimPathSegment.ForIndex(result.Count)), parent, depth + 1));
        }

        return result;
    }

    private bool CheckDepth(int depth, ClaimPath? path)
    {
        if (depth <= _maxDepth)
        {
            return true;
        }

        if (!_tooDeepReported)
        {
            _tooDeepReported = true;
            Report(SdJwtFailureCodes.TooDeep, $"The processed payload nests deeper than {_maxDepth} levels at {Where(path)}.");
        }

        return false;
    }

    private void Report(string code, string message) => _problems.Add(new Problem(code, message));
}
