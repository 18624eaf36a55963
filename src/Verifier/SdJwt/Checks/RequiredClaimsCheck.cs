using System.Text.Json.Nodes;
using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>Every claim the verifier's policy requires is present in the processed payload.</summary>
internal sealed class RequiredClaimsCheck : ISdJwtCheck
{
    public string Name => "required_claims";

    public CheckStatus Run(SdJwtVcContext context)
    {
        if (context.Payload is not { } payload)
        {
            return CheckStatus.NotRun;
        }

        var status = CheckStatus.Passed;
        foreach (var path in context.Options.RequiredClaims)
        {
            if (!Exists(payload, path))
            {
                status = context.Fail(VerificationFailureCodes.ElementMissing, $"The required claim '{path}' was not disclosed.");
            }
        }

        return status;
    }

    private static bool Exists(JsonNode? node, ClaimPath path)
    {
        IEnumerable<JsonNode?> current = [node];
        foreach (var segment in path.Segments)
        {
            current = segment.IsName
                ? current.OfType<JsonObject>().Where(o => o.ContainsKey(segment.Name!)).Select(o => o[segment.Name!]).ToList()
                : current.OfType<JsonArray>().SelectMany(a => segment.IsAllElements ? a : Element(a, segment.Index)).ToList();
            if (!current.Any())
            {
                return false;
            }
        }

        return true;
    }

    // Not a collection expression in the conditional above: its target type would be JsonArray, and adding the element
    // to a new JsonArray throws, because the element already has a parent.
    private static IEnumerable<JsonNode?> Element(JsonArray array, int index) => index < array.Count ? [array[index]] : [];
}
