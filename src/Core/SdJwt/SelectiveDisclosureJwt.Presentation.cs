using System.Text.Json.Nodes;

namespace Honnin.SdJwt;

/// <summary>Processing (RFC 9901 §7.1) and choosing the Disclosures that reveal given claim paths.</summary>
public sealed partial class SelectiveDisclosureJwt
{
    /// <summary>
    /// Processes the payload with the sent Disclosures (RFC 9901 §7.1 steps 3–6): digests resolved recursively, decoys
    /// ignored, undisclosed array elements removed, <c>_sd</c> and <c>_sd_alg</c> removed; duplicate digests,
    /// duplicate or unreferenced Disclosures, reserved names, name collisions and wrong shapes reported. Signatures and
    /// validity are not checked here.
    /// </summary>
    /// <param name="maxDepth">The deepest nesting the processed payload may reach.</param>
    /// <returns>The result; it never throws for a bad SD-JWT.</returns>
    public SdJwtProcessingResult Process(int maxDepth = DefaultMaxProcessingDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        if (HashAlgorithm is not { } algorithm)
        {
            return new SdJwtProcessingResult(null, [new Problem(SdJwtFailureCodes.HashAlgorithmNotAccepted, "'_sd_alg' names a hash algorithm that is not supported.")], []);
        }

        return DisclosureProcessor.Process(_payload, Disclosures, algorithm, maxDepth);
    }

    /// <summary>Whether the processed payload (with every Disclosure this SD-JWT holds) has a value at <paramref name="path"/>.</summary>
    /// <param name="path">The claim path; <c>[*]</c> matches when the array exists.</param>
    /// <returns>True when the claim is present.</returns>
    /// <exception cref="CredentialFormatException">The SD-JWT does not process (code from <see cref="SdJwtFailureCodes"/>).</exception>
    public bool ContainsClaim(ClaimPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Resolve(ProcessOrThrow().Payload!, path);
    }

    /// <summary>
    /// The Disclosures needed to reveal exactly the given claims: for each path, the Disclosure of the claim itself and
    /// of everything inside it, and the Disclosures of the containers on the way to it (recursive disclosure). Claims
    /// that are not selectively disclosable need no Disclosure and are always visible.
    /// </summary>
    /// <param name="claims">The claim paths to reveal.</param>
    /// <returns>A new SD-JWT (compact, no KB-JWT) with those Disclosures, in their original order.</returns>
    /// <exception cref="ArgumentException">A path is not present in this SD-JWT.</exception>
    /// <exception cref="CredentialFormatException">The SD-JWT does not process (code from <see cref="SdJwtFailureCodes"/>).</exception>
    public SelectiveDisclosureJwt SelectDisclosures(IEnumerable<ClaimPath> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var processed = ProcessOrThrow();
        var selected = new bool[Disclosures.Count];
        foreach (var claim in claims)
        {
            ArgumentNullException.ThrowIfNull(claim, nameof(claims));
            if (!Resolve(processed.Payload!, claim))
            {
                throw new ArgumentException($"The claim '{claim}' is not present in the SD-JWT.", nameof(claims));
            }

            foreach (var disclosed in processed.DisclosedClaims)
            {
                if (disclosed.Path.IsPrefixOf(claim) || claim.IsPrefixOf(disclosed.Path))
                {
                    selected[disclosed.DisclosureIndex] = true;
                }
            }
        }

        return WithDisclosures(Disclosures.Where((_, i) => selected[i]));
    }

    private static bool Resolve(JsonNode? node, ClaimPath path)
    {
        var current = new List<JsonNode?> { node };
        foreach (var segment in path.Segments)
        {
            var next = new List<JsonNode?>();
            foreach (var item in current)
            {
                if (segment.IsName)
                {
                    if (item is JsonObject obj && obj.TryGetPropertyValue(segment.Name!, out var child))
                    {
                        next.Add(child);
                    }
                }
                else if (item is JsonArray array)
                {
                    if (segment.IsAllElements)
                    {
                        next.AddRange(array);
                    }
                    else if (segment.Index < array.Count)
                    {
                        next.Add(array[segment.Index]);
                    }
                }
            }

            if (next.Count == 0)
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    private SdJwtProcessingResult ProcessOrThrow()
    {
        var processed = Process();
        return processed.IsValid
            ? processed
            : throw new CredentialFormatException(processed.Failures[0].Code, "The SD-JWT does not process: " + processed.Failures[0].Message);
    }
}
