using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;

namespace Honnin.Issuer.Tests.Protocol;

/// <summary>Hand-made proof JWTs for the refusal tests: any header and claims, signed by any key, or not signed at all.</summary>
internal static class ProofJwts
{
    public static JsonObject Header(string type, ISigner signer) => new()
    {
        ["typ"] = type,
        ["jwk"] = JsonWebKey.FromCoseKey(signer.PublicKey).ToJsonObject(),
    };

    /// <summary>Signs the header and claims with <paramref name="signer"/> (alg from the signer, no kid added).</summary>
    public static async Task<string> SignAsync(ISigner signer, JsonObject header, JsonObject claims)
    {
        var draft = CompactJwsToBeSigned.Prepare(signer.Algorithm, keyId: null, header, Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return draft.Complete(await signer.SignAsync(draft.ToBeSigned)).Text;
    }

    /// <summary>A JWS put together by hand: the header as given (any alg), and the signature the caller computed over header.payload.</summary>
    public static string Unchecked(JsonObject header, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var input = Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64UrlEncoding.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + Base64UrlEncoding.Encode(sign(Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>An HS256 JWS "signed" with the bytes of the public key in its own jwk, the classic key-confusion forgery.</summary>
    public static string Hs256(JsonObject header, JsonObject claims)
    {
        header["alg"] = "HS256";
        var secret = Encoding.UTF8.GetBytes(header["jwk"]?.ToJsonString() ?? "secret");
        return Unchecked(header, claims, data => HMACSHA256.HashData(secret, data));
    }

    /// <summary>An unsigned JWS with alg none, with an empty signature and with a junk one.</summary>
    public static (string Empty, string Junk) None(JsonObject header, JsonObject claims)
    {
        header["alg"] = "none";
        var junk = Unchecked(header, claims, _ => [1, 2, 3]);
        return (junk[..(junk.LastIndexOf('.') + 1)], junk);
    }

    /// <summary>The signer's JWK with its private <c>d</c> added.</summary>
    public static JsonObject PrivateJwk(SoftwareSigner signer)
    {
        var jwk = JsonWebKey.FromCoseKey(signer.PublicKey).ToJsonObject();
        using var key = signer.ExportECDsa();
        jwk["d"] = Base64UrlEncoding.Encode(key.ExportParameters(includePrivateParameters: true).D);
        return jwk;
    }
}
