using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.SdJwt;

namespace Honnin.Dcql;

/// <summary>
/// Makes <see cref="IDcqlCredential"/>s from what the holder and verifier sides already have: an SD-JWT VC's processed
/// payload (claims path pointers as in OpenID4VP 1.0 §7.1) or an mdoc's element values as JSON (§7.2, converted from
/// CBOR with <see cref="MdocElementValue"/>). Each copies what it is given.
/// </summary>
public static class DcqlCredential
{
    /// <summary>An SD-JWT VC from its processed payload; its type is the payload's <c>vct</c>.</summary>
    /// <param name="payload">The processed payload (every Disclosure that is held, or that was presented, resolved).</param>
    /// <param name="disclosedClaims">The claims the Disclosures revealed (<see cref="DisclosedClaim.Path"/>); a verifier passes those of the presentation.</param>
    /// <param name="holderBinding">Whether the credential has <c>cnf</c> (wallet) or the presentation a verified Key Binding JWT (verifier).</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IDcqlCredential ForSdJwtVc(JsonObject payload, IEnumerable<ClaimPath> disclosedClaims, DcqlHolderBinding holderBinding)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(disclosedClaims);
        var copy = (JsonObject)payload.DeepClone();
        var vct = copy["vct"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return new JsonCredential(DcqlFormats.SdJwtVc, vct, copy, [.. disclosedClaims], holderBinding);
    }

    /// <summary>An SD-JWT VC from the outcome of processing it (RFC 9901 §7.1): its payload and the claims its Disclosures revealed.</summary>
    /// <param name="processed">A processing result without problems.</param>
    /// <param name="holderBinding">Whether the credential has <c>cnf</c> (wallet) or the presentation a verified Key Binding JWT (verifier).</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="processed"/> is null.</exception>
    /// <exception cref="ArgumentException">Processing found problems, so there is no payload.</exception>
    public static IDcqlCredential ForSdJwtVc(SdJwtProcessingResult processed, DcqlHolderBinding holderBinding)
    {
        ArgumentNullException.ThrowIfNull(processed);
        var payload = processed.GetPayload() ?? throw new ArgumentException("The SD-JWT was not processed successfully, so it has no payload.", nameof(processed));
        return ForSdJwtVc(payload, processed.DisclosedClaims.Select(c => c.Path), holderBinding);
    }

    /// <summary>An mdoc from its doctype and element values (every element is selectively disclosable, so every one is in <see cref="IDcqlCredential.DisclosedClaims"/>).</summary>
    /// <param name="doctype">The doctype.</param>
    /// <param name="nameSpaces">Namespace → element identifier → value as JSON; a verifier passes what the DeviceResponse disclosed.</param>
    /// <param name="holderBinding">Whether the mdoc has a device key (wallet) or the presentation verified device authentication (verifier).</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IDcqlCredential ForMdoc(string doctype, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonNode?>> nameSpaces, DcqlHolderBinding holderBinding)
    {
        ArgumentNullException.ThrowIfNull(doctype);
        ArgumentNullException.ThrowIfNull(nameSpaces);
        var copy = new Dictionary<string, Dictionary<string, JsonNode?>>(StringComparer.Ordinal);
        var disclosed = new List<ClaimPath>();
        foreach (var (nameSpace, elements) in nameSpaces)
        {
            ArgumentNullException.ThrowIfNull(elements);
            var inner = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (element, value) in elements)
            {
                inner[element] = value?.DeepClone();
                disclosed.Add(new ClaimPath([ClaimPathSegment.ForName(nameSpace), ClaimPathSegment.ForName(element)]));
            }

            copy[nameSpace] = inner;
        }

        return new MdocCredential(doctype, copy, disclosed.ToArray(), holderBinding);
    }

    /// <summary>An mdoc element value as JSON, for <see cref="ForMdoc"/> and <c>values</c> matching (OpenID4VP 1.0 §6.3: converted as <see cref="CborJson"/> writes it).</summary>
    /// <param name="value">The CBOR element value.</param>
    /// <returns>The JSON value (null for CBOR null).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static JsonNode? MdocElementValue(CborValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CborJson.Write(writer, value);
        }

        return JsonNode.Parse(buffer.WrittenSpan);
    }

    // OpenID4VP 1.0 §7.1: from the top-level object, left to right; a step that does not fit a selected value is an
    // error, a missing member or index drops that value, and an empty selection at the end is an error.
    internal static bool TrySelectJson(JsonObject root, ClaimPath path, [NotNullWhen(true)] out IReadOnlyList<JsonNode?>? values)
    {
        values = null;
        var selected = new List<JsonNode?> { root };
        foreach (var segment in path.Segments)
        {
            var next = new List<JsonNode?>();
            foreach (var element in selected)
            {
                if (segment.IsName)
                {
                    if (element is not JsonObject container)
                    {
                        return false;
                    }

                    if (container.TryGetPropertyValue(segment.Name!, out var member))
                    {
                        next.Add(member);
                    }
                }
                else
                {
                    if (element is not JsonArray array)
                    {
                        return false;
                    }

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

            selected = next;
        }

        if (selected.Count == 0)
        {
            return false;
        }

        values = selected.Select(v => v?.DeepClone()).ToArray();
        return true;
    }

    private sealed class JsonCredential(string format, string? type, JsonObject payload, ClaimPath[] disclosed, DcqlHolderBinding holderBinding) : IDcqlCredential
    {
        public string Format => format;

        public string? Type => type;

        public DcqlHolderBinding HolderBinding => holderBinding;

        public IReadOnlyList<ClaimPath> DisclosedClaims => disclosed;

        public bool TrySelect(ClaimPath path, [NotNullWhen(true)] out IReadOnlyList<JsonNode?>? values)
        {
            ArgumentNullException.ThrowIfNull(path);
            return TrySelectJson(payload, path, out values);
        }
    }

    private sealed class MdocCredential(string doctype, Dictionary<string, Dictionary<string, JsonNode?>> nameSpaces, ClaimPath[] disclosed, DcqlHolderBinding holderBinding) : IDcqlCredential
    {
        public string Format => DcqlFormats.Mdoc;

        public string? Type => doctype;

        public DcqlHolderBinding HolderBinding => holderBinding;

        public IReadOnlyList<ClaimPath> DisclosedClaims => disclosed;

        // OpenID4VP 1.0 §7.2: exactly [namespace, element]; a missing namespace or element is an error.
        public bool TrySelect(ClaimPath path, [NotNullWhen(true)] out IReadOnlyList<JsonNode?>? values)
        {
            ArgumentNullException.ThrowIfNull(path);
            values = null;
            if (path.Segments is not [{ IsName: true } nameSpace, { IsName: true } element]
                || !nameSpaces.TryGetValue(nameSpace.Name!, out var elements)
                || !elements.TryGetValue(element.Name!, out var value))
            {
                return false;
            }

            values = [value?.DeepClone()];
            return true;
        }
    }
}
