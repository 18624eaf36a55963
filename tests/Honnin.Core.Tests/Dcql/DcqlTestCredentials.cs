using System.Text.Json.Nodes;
using Honnin.Dcql;
using Honnin.SdJwt;

namespace Honnin.Core.Tests.Dcql;

/// <summary>Small credentials for the DCQL tests, built with the public factories the holder and verifier use.</summary>
internal static class DcqlTestCredentials
{
    public const string IdentityVct = "https://credentials.example.com/identity_credential";

    /// <summary>An SD-JWT VC whose every top-level claim but iss, vct and cnf counts as disclosed by a Disclosure.</summary>
    public static IDcqlCredential SdJwtVc(string vct, string claimsJson, DcqlHolderBinding binding = DcqlHolderBinding.Cryptographic)
    {
        var payload = JsonNode.Parse(claimsJson)!.AsObject();
        payload["vct"] = vct;
        var disclosed = payload.Select(p => p.Key).Where(k => k is not ("vct" or "iss" or "cnf")).Select(ClaimPath.ForClaim).ToArray();
        return DcqlCredential.ForSdJwtVc(payload, disclosed, binding);
    }

    /// <summary>An SD-JWT VC with the disclosed claims given explicitly.</summary>
    public static IDcqlCredential SdJwtVc(string vct, string claimsJson, IEnumerable<string> disclosed, DcqlHolderBinding binding = DcqlHolderBinding.Cryptographic)
    {
        var payload = JsonNode.Parse(claimsJson)!.AsObject();
        payload["vct"] = vct;
        return DcqlCredential.ForSdJwtVc(payload, disclosed.Select(ClaimPath.Parse), binding);
    }

    /// <summary>An mdoc from namespace → element → JSON value given as one JSON object.</summary>
    public static IDcqlCredential MdocOf(string doctype, string nameSpacesJson, DcqlHolderBinding binding = DcqlHolderBinding.Cryptographic)
    {
        var nameSpaces = JsonNode.Parse(nameSpacesJson)!.AsObject().ToDictionary(
            ns => ns.Key,
            ns => (IReadOnlyDictionary<string, JsonNode?>)ns.Value!.AsObject().ToDictionary(e => e.Key, e => e.Value?.DeepClone()));
        return DcqlCredential.ForMdoc(doctype, nameSpaces, binding);
    }
}
