using System.Text.Json.Nodes;

namespace Honnin.StatusLists;

/// <summary>
/// A Referenced Token's pointer into a Token Status List (draft-ietf-oauth-status-list §6): <c>idx</c> and <c>uri</c> of
/// <c>"status": {"status_list": {…}}</c>, in an SD-JWT VC's payload (read by <c>SdJwtStatusClaim</c>) or an mdoc's MSO
/// (read by <c>MdocStatus</c>).
/// </summary>
/// <param name="Index">The non-negative index (<c>idx</c>).</param>
/// <param name="Uri">The Status List Token's URI (<c>uri</c>); the token's <c>sub</c> must equal it.</param>
public sealed record StatusListReference(long Index, string Uri)
{
    /// <summary>The claim as a new JSON object: <c>{"status_list": {"idx": …, "uri": …}}</c>.</summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJsonObject() => new() { ["status_list"] = new JsonObject { ["idx"] = Index, ["uri"] = Uri } };
}
