using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Tests;

namespace Honnin.Tests.SdJwt;

/// <summary>
/// Keys and helpers for the SD-JWT tests. Keys come from tests/vectors/sdjwt/rfc9901-draft22/keys.json (RFC 9901 Appendix
/// A.5 issuer key and the examples' holder key).
/// </summary>
internal static class SdJwtFixtures
{
    private static readonly Lazy<JsonObject> Keys = new(() => JsonNode.Parse(Vectors.Load("sdjwt/rfc9901-draft22/keys.json").RootElement.GetRawText())!.AsObject());

    public static SoftwareSigner IssuerSigner() => PrivateJsonWebKey.ReadSigner(Keys.Value["issuer_key"]!.ToJsonString());

    public static SoftwareSigner HolderSigner() => PrivateJsonWebKey.ReadSigner(Keys.Value["holder_key"]!.ToJsonString());

    public static JsonWebKey HolderKey
    {
        get
        {
            using var holder = HolderSigner();
            return JsonWebKey.FromCoseKey(holder.PublicKey);
        }
    }

    public static JsonObject Json(string relativePath) => JsonNode.Parse(Vectors.Load(relativePath).RootElement.GetRawText())!.AsObject();

    /// <summary>Signs <paramref name="payload"/> as it is (any structure) and appends the Disclosure strings.</summary>
    public static async Task<Honnin.SdJwt.SelectiveDisclosureJwt> SignedAsync(JsonObject payload, IEnumerable<string> disclosures)
    {
        using var signer = IssuerSigner();
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = "example+sd-jwt" }, payload, signer);
        return Honnin.SdJwt.SelectiveDisclosureJwt.Parse(jws.Text + "~" + string.Concat(disclosures.Select(d => d + "~")));
    }

    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), "expected " + expected?.ToJsonString() + Environment.NewLine + "actual   " + actual?.ToJsonString());
}
