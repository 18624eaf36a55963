using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests;
using Honnin.Tests.Verification;
using Honnin.Verifier;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Interop.Tests;

/// <summary>
/// Shared keys (RFC 9901 example keys, tests/vectors/sdjwt/rfc9901-draft22/keys.json), claims, and a verifier for the
/// interop tests.
/// </summary>
internal static class InteropKit
{
    public const string Audience = "https://verifier.example.jp";
    public const string Nonce = "n-0S6_WzA2Mj";
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<JsonObject> Keys = new(() => JsonNode.Parse(Vectors.Load("sdjwt/rfc9901-draft22/keys.json").RootElement.GetRawText())!.AsObject());

    public static JsonObject IssuerPrivateJwk => (JsonObject)Keys.Value["issuer_key"]!.DeepClone();

    public static JsonObject HolderPrivateJwk => (JsonObject)Keys.Value["holder_key"]!.DeepClone();

    public static JsonWebKey IssuerKey => Public(IssuerPrivateJwk);

    public static JsonWebKey HolderKey => Public(HolderPrivateJwk);

    public static SoftwareSigner IssuerSigner() => PrivateJsonWebKey.ReadSigner(IssuerPrivateJwk.ToJsonString());

    public static SoftwareSigner HolderSigner() => PrivateJsonWebKey.ReadSigner(HolderPrivateJwk.ToJsonString());

    /// <summary>An enrollment certificate (在学証明書) with nested and array claims, Japanese text and numbers.</summary>
    public static JsonObject Claims => JsonNode.Parse("""
        {
          "iss": "https://university.example.jp",
          "iat": 1735689600,
          "exp": 1798761600,
          "vct": "urn:honnin:jp:enrollment-certificate:1",
          "given_name": "花子",
          "family_name": "山田",
          "full_name_kana": "ヤマダ ハナコ",
          "student_number": "S-2025-0001",
          "grade": 3,
          "age_over_18": true,
          "address": {"postal_code": "105-0011", "locality": "港区", "street_address": "芝公園4-2-8"},
          "nationalities": ["JP", "US"]
        }
        """)!.AsObject();

    public static SessionVerifier HonninVerifier(KeyBindingPolicy keyBinding = KeyBindingPolicy.Required, DateTimeOffset? now = null, string audience = Audience, string nonce = Nonce) =>
        new(
            new SdJwtVcVerifier(new SdJwtVcVerifierOptions { IssuerKeys = [IssuerKey], KeyBinding = keyBinding }, new FakeTimeProvider(now ?? Now)),
            keyBinding == KeyBindingPolicy.Forbidden ? null : new SdJwtSession(audience, nonce));

    public static void AssertValid(VerificationResult result) =>
        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + ": " + f.Message)));

    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), "expected " + expected?.ToJsonString() + Environment.NewLine + "actual   " + actual?.ToJsonString());

    public static async Task<JsonObject> PeerVerifyAsync(string presentation, string? nonce = Nonce, JsonObject? statusLists = null)
    {
        // The peer checks iat/nbf/exp against currentDate; give it the same fixed clock as Honnin's verifier.
        var request = new JsonObject { ["command"] = "verify", ["presentation"] = presentation, ["issuerJwk"] = IssuerKey.ToJsonObject(), ["currentDate"] = Now.ToUnixTimeSeconds() };
        if (nonce is not null)
        {
            request["nonce"] = nonce;
        }

        if (statusLists is not null)
        {
            request["statusLists"] = statusLists;
        }

        return await NodePeer.RunAsync(request);
    }

    private static JsonWebKey Public(JsonObject jwk)
    {
        jwk.Remove("d");
        return JsonWebKey.FromJson(jwk);
    }
}
