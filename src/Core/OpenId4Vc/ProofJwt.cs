using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.OpenId4Vc;

/// <summary>
/// Signs the proofs of possession a client sends (DPoP proofs, OpenID4VCI key proofs): a JWT whose header names the
/// signer's public key by value in <c>jwk</c> and never by <c>kid</c>, since OpenID4VCI allows only one of <c>kid</c>,
/// <c>jwk</c> and <c>x5c</c>, and a DPoP proof is checked with its <c>jwk</c> alone.
/// </summary>
internal static class ProofJwt
{
    internal static async ValueTask<string> SignAsync(ISigner signer, string type, JsonObject claims, CancellationToken cancellationToken)
    {
        var header = new JsonObject
        {
            ["typ"] = type,
            ["jwk"] = JsonWebKey.FromCoseKey(signer.PublicKey).ToJsonObject(),
        };
        var draft = CompactJwsToBeSigned.Prepare(signer.Algorithm, keyId: null, header, StrictJson.SerializeToUtf8Bytes(claims));
        var signature = await signer.SignAsync(draft.ToBeSigned, cancellationToken).ConfigureAwait(false);
        return draft.Complete(signature).Text;
    }
}
