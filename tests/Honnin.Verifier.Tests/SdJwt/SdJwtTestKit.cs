using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Jose;
using Honnin.Tests;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.SdJwt;

/// <summary>
/// Vector access and verifier set-up for the SD-JWT tests. Keys: tests/vectors/sdjwt/rfc9901-draft22/keys.json (RFC 9901
/// Appendix A.5 issuer key and the examples' holder key, from oauth-wg/oauth-selective-disclosure-jwt examples/settings.yml).
/// </summary>
internal static class SdJwtTestKit
{
    public const string Rfc9901Audience = "https://verifier.example.org";
    public const string PythonAudience = "https://example.com/verifier";
    public const string Nonce = "1234567890";

    private static readonly Lazy<JsonDocument> Keys = new(() => Vectors.Load("sdjwt/rfc9901-draft22/keys.json"));

    public static JsonWebKey IssuerKey => PublicJwk("issuer_key");

    public static JsonWebKey HolderKey => PublicJwk("holder_key");

    public static string IssuerPrivateJwk => Keys.Value.RootElement.GetProperty("issuer_key").GetRawText();

    public static string HolderPrivateJwk => Keys.Value.RootElement.GetProperty("holder_key").GetRawText();

    public static SoftwareSigner IssuerSigner() => PrivateJsonWebKey.ReadSigner(IssuerPrivateJwk);

    public static SoftwareSigner HolderSigner() => PrivateJsonWebKey.ReadSigner(HolderPrivateJwk);

    public static JsonObject Json(string relativePath) => JsonNode.Parse(Vectors.Load(relativePath).RootElement.GetRawText())!.AsObject();

    public static string Text(string relativePath) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", relativePath)).Trim();

    public static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    public static SessionVerifier CreateVerifier(
        DateTimeOffset now,
        KeyBindingPolicy keyBinding = KeyBindingPolicy.Required,
        SdJwtVerificationProfile profile = SdJwtVerificationProfile.Rfc9901,
        string audience = Rfc9901Audience,
        Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null)
    {
        var options = new SdJwtVcVerifierOptions
        {
            IssuerKeys = [IssuerKey],
            KeyBinding = keyBinding,
            Profile = profile,
        };
        var verifier = new SdJwtVcVerifier(configure?.Invoke(options) ?? options, new FakeTimeProvider(now));
        return new SessionVerifier(verifier, keyBinding == KeyBindingPolicy.Forbidden ? null : new SdJwtSession(audience, Nonce));
    }

    public static void AssertValid(VerificationResult result)
    {
        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + ": " + f.Message)));
        Assert.Empty(result.Failures);
        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Passed, c.Status));
    }

    public static void AssertClaims(JsonNode? expected, VerificationResult result)
    {
        var document = Assert.Single(result.Documents);
        Assert.Equal(CredentialFormat.SdJwtVc, document.Format);
        Assert.Empty(document.Elements);
        Assert.True(
            JsonNode.DeepEquals(expected, document.Claims),
            "expected " + expected?.ToJsonString() + Environment.NewLine + "actual   " + document.Claims?.ToJsonString());
    }

    public static void AssertFails(VerificationResult result, string code)
    {
        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.Contains(result.Failures, f => f.Code == code);
    }

    /// <summary>Signs an arbitrary payload with the issuer key and appends the given Disclosure strings: for structures a correct issuer never makes.</summary>
    public static async Task<string> ForgeAsync(JsonObject payload, IEnumerable<string> disclosures, string type = "example+sd-jwt", JsonObject? extraHeader = null)
    {
        using var signer = IssuerSigner();
        var header = extraHeader is null ? new JsonObject() : (JsonObject)extraHeader.DeepClone();
        header["typ"] = type;
        var jws = await CompactJws.CreateAsync(header, payload, signer);
        return jws.Text + "~" + string.Concat(disclosures.Select(d => d + "~"));
    }

    /// <summary>A KB-JWT over <paramref name="presentation"/> (ending in '~') with chosen claims, signed by the holder key unless another signer is given.</summary>
    public static async Task<string> KeyBindAsync(string presentation, string audience, string nonce, DateTimeOffset issuedAt, string type = "kb+jwt", string? sdHash = null, ISigner? signer = null)
    {
        using var holder = HolderSigner();
        var payload = new JsonObject
        {
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = sdHash ?? Honnin.SdJwt.SdHashAlgorithm.Sha256.ComputeDigest(presentation),
        };
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = type }, payload, signer ?? holder);
        return presentation + jws.Text;
    }

    /// <summary>An object-property Disclosure with a fresh salt, and its SHA-256 digest.</summary>
    public static (string Encoded, string Digest) Property(string name, JsonNode? value)
    {
        var disclosure = EncodeRaw(new JsonArray(Honnin.SdJwt.Disclosure.CreateSalt(), name, value));
        return (disclosure, Honnin.SdJwt.SdHashAlgorithm.Sha256.ComputeDigest(disclosure));
    }

    /// <summary>An array-element Disclosure with a fresh salt, and its SHA-256 digest.</summary>
    public static (string Encoded, string Digest) Element(JsonNode? value)
    {
        var disclosure = EncodeRaw(new JsonArray(Honnin.SdJwt.Disclosure.CreateSalt(), value));
        return (disclosure, Honnin.SdJwt.SdHashAlgorithm.Sha256.ComputeDigest(disclosure));
    }

    public static string EncodeRaw(JsonNode node) => Base64UrlEncoding.Encode(System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static JsonWebKey PublicJwk(string name)
    {
        var jwk = JsonNode.Parse(Keys.Value.RootElement.GetProperty(name).GetRawText())!.AsObject();
        jwk.Remove("d");
        return JsonWebKey.FromJson(jwk);
    }
}
