using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Honnin.Dcql;
using Honnin.SdJwt;

namespace Honnin.Core.Tests.Dcql;

/// <summary>
/// Properties that tie the two sides together over generated queries and credentials (six claim names, bitmasks for
/// what is held, what is asked and which claim sets there are): what the wallet's match chooses passes the verifier's
/// check, one claim more fails it, and every query writes back to itself.
/// </summary>
public sealed class DcqlPropertyTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e", "f"];

    private static string[] Pick(int mask) => Names.Where((_, i) => (mask & (1 << i)) != 0).ToArray();

    private static DcqlQuery Query(byte requested, byte[] sets)
    {
        var claims = Pick(requested | 1);
        var credential = new JsonObject
        {
            ["id"] = "q",
            ["format"] = DcqlFormats.SdJwtVc,
            ["meta"] = new JsonObject { ["vct_values"] = new JsonArray("t") },
            ["claims"] = new JsonArray([.. claims.Select(n => (JsonNode)new JsonObject { ["id"] = n, ["path"] = new JsonArray(n) })]),
        };
        var claimSets = sets.Take(4).Select(s => claims.Where((_, i) => (s & (1 << i)) != 0).ToArray()).Where(s => s.Length > 0).ToArray();
        if (claimSets.Length > 0)
        {
            credential["claim_sets"] = new JsonArray([.. claimSets.Select(s => (JsonNode)new JsonArray([.. s.Select(n => (JsonNode)n)]))]);
        }

        return DcqlQuery.FromJson(new JsonObject { ["credentials"] = new JsonArray(credential) });
    }

    private static IDcqlCredential Presentation(IEnumerable<string> disclosed)
    {
        var names = disclosed.ToArray();
        var payload = new JsonObject { ["vct"] = "t" };
        foreach (var name in names)
        {
            payload[name] = "v";
        }

        return DcqlCredential.ForSdJwtVc(payload, names.Select(ClaimPath.ForClaim), DcqlHolderBinding.Cryptographic);
    }

    [Property(MaxTest = 300, Replay = "(4242,17)")]
    public bool What_the_wallet_chooses_passes_the_verifier_and_one_claim_more_does_not(byte held, byte requested, byte[] sets)
    {
        var query = Query(requested, sets ?? []);
        var match = query.Match([Presentation(Pick(held))]);
        if (!match.IsSatisfiable)
        {
            // Unsatisfiable exactly when no claim set (or, without sets, not every claim) is among what is held.
            var heldNames = Pick(held).ToHashSet(StringComparer.Ordinal);
            var credential = query.Credentials[0];
            var options = credential.ClaimSets ?? [credential.Claims!.Select(c => c.Id!).ToArray()];
            return options.All(o => !o.All(heldNames.Contains));
        }

        var chosen = match.Credentials[0].Candidates[0].Claims.Select(c => c.Id!).ToArray();
        var exact = DcqlVpTokenCheck.Check(query, new Dictionary<string, IReadOnlyList<IDcqlCredential>> { ["q"] = [Presentation(chosen)] });
        var extra = Names.Except(chosen, StringComparer.Ordinal).Except(query.Credentials[0].Claims!.Select(c => c.Id!), StringComparer.Ordinal).FirstOrDefault() ?? "zz";
        var more = DcqlVpTokenCheck.Check(query, new Dictionary<string, IReadOnlyList<IDcqlCredential>> { ["q"] = [Presentation([.. chosen, extra])] });
        return exact.IsValid && !more.IsValid && more.Failures.Any(f => f.Code == DcqlFailureCodes.ClaimNotRequested);
    }

    [Property(MaxTest = 200, Replay = "(77,5)")]
    public bool Every_query_writes_back_to_itself(byte requested, byte[] sets)
    {
        var query = Query(requested, sets ?? []);
        var again = DcqlQuery.Parse(StrictJsonText(query.ToJson()));

        return JsonNode.DeepEquals(query.ToJson(), again.ToJson());
    }

    private static string StrictJsonText(JsonObject json) => Honnin.Jose.StrictJson.Serialize(json);
}
