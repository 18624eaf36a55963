using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.StatusLists;

namespace Honnin.SdJwt;

/// <summary>The SD-JWT VC <c>status</c> claim: where the credential's status is published (Token Status List).</summary>
public static class SdJwtStatusClaim
{
    /// <summary>Reads the <c>status</c> claim of a (processed) payload.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The reference, or null when there is no <c>status</c> claim or it uses another mechanism than <c>status_list</c>.</returns>
    /// <exception cref="CredentialFormatException">The <c>status</c> claim is malformed (code <see cref="SdJwtFailureCodes.StatusMalformed"/>).</exception>
    public static StatusListReference? Read(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!payload.TryGetPropertyValue("status", out var statusNode))
        {
            return null;
        }

        if (statusNode is not JsonObject status)
        {
            throw Malformed("The 'status' claim is not an object.");
        }

        if (!status.TryGetPropertyValue("status_list", out var listNode))
        {
            return null;
        }

        if (listNode is not JsonObject list)
        {
            throw Malformed("'status.status_list' is not an object.");
        }

        if (list["idx"] is not JsonValue idx || idx.GetValueKind() != JsonValueKind.Number || !idx.TryGetValue<long>(out var index) || index < 0)
        {
            throw Malformed("'status.status_list.idx' is missing or not a non-negative integer.");
        }

        if (list["uri"] is not JsonValue uri || uri.GetValueKind() != JsonValueKind.String)
        {
            throw Malformed("'status.status_list.uri' is missing or not a string.");
        }

        return new StatusListReference(index, uri.GetValue<string>());
    }

    /// <summary>Reads the <c>status</c> claim without throwing.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="reference">The reference, or null when there is none.</param>
    /// <param name="error">The failure, when the claim is malformed.</param>
    /// <returns>Whether the claim is absent or well-formed.</returns>
    public static bool TryRead(JsonObject payload, out StatusListReference? reference, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return CredentialFormatException.Try(() => Read(payload), out reference, out error);
    }

    private static CredentialFormatException Malformed(string message) => new(SdJwtFailureCodes.StatusMalformed, message);
}
