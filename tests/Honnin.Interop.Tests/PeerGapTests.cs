using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier;
using Honnin.Verifier.SdJwt;
using static Honnin.Interop.Tests.InteropKit;

namespace Honnin.Interop.Tests;

/// <summary>
/// Presentations that RFC 9901 §7 (or draft-ietf-oauth-sd-jwt-vc) forbids, each signed with the real issuer key and
/// bound with the real holder key. @sd-jwt/sd-jwt-vc 0.19.0 accepts every one of them (asserted, so a peer upgrade
/// that closes a gap shows up here); Honnin rejects each with its stable code. The last two cases both sides reject.
/// </summary>
public sealed class PeerGapTests
{
    public static TheoryData<string, string> AcceptedByThePeer => new()
    {
        { "same Disclosure sent twice", SdJwtFailureCodes.DisclosureDuplicated },
        { "injected Disclosure no digest references", SdJwtFailureCodes.DisclosureUnreferenced },
        { "KB-JWT for another audience", SdJwtFailureCodes.AudienceMismatch },
        { "KB-JWT issued 400 days ago", SdJwtFailureCodes.KeyBindingIatOutsideWindow },
        { "KB-JWT issued 400 days ahead", SdJwtFailureCodes.KeyBindingIatOutsideWindow },
        { "Disclosure named _sd", SdJwtFailureCodes.ReservedClaimName },
        { "Disclosure named ...", SdJwtFailureCodes.ReservedClaimName },
        { "Disclosure overriding the plain iss", SdJwtFailureCodes.ClaimNameCollision },
        { "two Disclosures of one name at one level", SdJwtFailureCodes.ClaimNameCollision },
        { "array-element Disclosure referenced from _sd", SdJwtFailureCodes.DisclosureWrongShape },
        { "object-property Disclosure referenced from an array", SdJwtFailureCodes.DisclosureWrongShape },
        { "one digest twice in the payload", SdJwtFailureCodes.DigestDuplicated },
        { "array placeholder with an extra key", SdJwtFailureCodes.InvalidDigestContainer },
        { "_sd_alg below the top level", SdJwtFailureCodes.InvalidDigestContainer },
        { "_sd_alg SHA-256 in upper case", SdJwtFailureCodes.HashAlgorithmNotAccepted },
        { "padded base64url Disclosure", SdJwtFailureCodes.DisclosureMalformed },
        { "issuer typ jwt", SdJwtFailureCodes.TypeInvalid },
        { "issuer typ vc+sd-jwt", SdJwtFailureCodes.TypeInvalid },
        { "SD-JWT VC without vct", SdJwtFailureCodes.VctMissing },
        { "expired exp hidden in a Disclosure", SdJwtFailureCodes.Expired },
    };

    public static TheoryData<string, string> RejectedByBoth => new()
    {
        { "KB-JWT with typ jwt", SdJwtFailureCodes.KeyBindingTypeInvalid },
        { "no trailing tilde", SdJwtFailureCodes.MissingSeparator },
    };

    [Theory]
    [MemberData(nameof(AcceptedByThePeer))]
    public async Task Honnin_rejects_what_the_peer_accepts(string name, string code)
    {
        var presentation = await BuildAsync(name);

        var peer = await PeerVerifyAsync(presentation);
        var honnin = HonninVerifier().Verify(presentation);

        Assert.True(peer["valid"]!.GetValue<bool>(), $"@sd-jwt/sd-jwt-vc 0.19.0 used to accept '{name}'; it now says: {peer["error"]}");
        Assert.False(honnin.IsValid);
        Assert.Contains(honnin.Failures, f => f.Code == code);
        Assert.Empty(honnin.Documents);
    }

    [Theory]
    [MemberData(nameof(RejectedByBoth))]
    public async Task Both_reject(string name, string code)
    {
        var presentation = await BuildAsync(name);
        var unbound = name == "no trailing tilde";

        var peer = await PeerVerifyAsync(presentation, unbound ? null : Nonce);
        var honnin = HonninVerifier(unbound ? KeyBindingPolicy.Forbidden : KeyBindingPolicy.Required).Verify(presentation);

        Assert.False(peer["valid"]!.GetValue<bool>());
        Assert.Contains(honnin.Failures, f => f.Code == code);
    }

    [Fact]
    public async Task The_baseline_of_these_cases_is_accepted_by_both()
    {
        var presentation = await BuildAsync("baseline");

        Assert.True((await PeerVerifyAsync(presentation))["valid"]!.GetValue<bool>());
        AssertValid(HonninVerifier().Verify(presentation));
    }

    private static async Task<string> BuildAsync(string name)
    {
        var (given, givenDigest) = Property("given_name", "花子");
        var plain = Payload(givenDigest);
        switch (name)
        {
            case "baseline":
                return await BindAsync(await ForgeAsync(plain, [given]));
            case "same Disclosure sent twice":
                return await BindAsync(await ForgeAsync(plain, [given, given]));
            case "injected Disclosure no digest references":
                return await BindAsync(await ForgeAsync(plain, [given, Property("is_admin", true).Encoded]));
            case "KB-JWT for another audience":
                return await BindAsync(await ForgeAsync(plain, [given]), audience: "https://attacker.example");
            case "KB-JWT issued 400 days ago":
                return await BindAsync(await ForgeAsync(plain, [given]), issuedAt: Now.AddDays(-400));
            case "KB-JWT issued 400 days ahead":
                return await BindAsync(await ForgeAsync(plain, [given]), issuedAt: Now.AddDays(400));
            case "KB-JWT with typ jwt":
                return await BindAsync(await ForgeAsync(plain, [given]), type: "jwt");
            case "Disclosure named _sd":
            case "Disclosure named ...":
            {
                var (reserved, digest) = Property(name[^3..] == "_sd" ? "_sd" : "...", "x");
                return await BindAsync(await ForgeAsync(Payload(digest), [reserved]));
            }

            case "Disclosure overriding the plain iss":
            {
                var (iss, digest) = Property("iss", "https://attacker.example");
                return await BindAsync(await ForgeAsync(Payload(digest), [iss]));
            }

            case "two Disclosures of one name at one level":
            {
                var (other, digest) = Property("given_name", "太郎");
                return await BindAsync(await ForgeAsync(Payload(givenDigest, digest), [given, other]));
            }

            case "array-element Disclosure referenced from _sd":
            {
                var (element, digest) = Element("JP");
                return await BindAsync(await ForgeAsync(Payload(digest), [element]));
            }

            case "object-property Disclosure referenced from an array":
            {
                var (property, digest) = Property("nationality", "JP");
                var payload = Payload();
                payload["nationalities"] = new JsonArray(new JsonObject { ["..."] = digest });
                return await BindAsync(await ForgeAsync(payload, [property]));
            }

            case "one digest twice in the payload":
            {
                plain["address"] = new JsonObject { ["_sd"] = new JsonArray(givenDigest) };
                return await BindAsync(await ForgeAsync(plain, [given]));
            }

            case "array placeholder with an extra key":
            {
                var payload = Payload();
                payload["nationalities"] = new JsonArray(new JsonObject { ["..."] = SdHashAlgorithm.Sha256.ComputeDigest("decoy"), ["x"] = 1 });
                return await BindAsync(await ForgeAsync(payload, []));
            }

            case "_sd_alg below the top level":
                plain["address"] = new JsonObject { ["_sd_alg"] = "sha-256" };
                return await BindAsync(await ForgeAsync(plain, [given]));
            case "_sd_alg SHA-256 in upper case":
                plain["_sd_alg"] = "SHA-256";
                return await BindAsync(await ForgeAsync(plain, [given]));
            case "padded base64url Disclosure":
                return await BindAsync(await ForgeAsync(plain, [given + "=="]));
            case "issuer typ jwt":
                return await BindAsync(await ForgeAsync(plain, [given], "jwt"));
            case "issuer typ vc+sd-jwt":
                return await BindAsync(await ForgeAsync(plain, [given], "vc+sd-jwt"));
            case "SD-JWT VC without vct":
                plain.Remove("vct");
                return await BindAsync(await ForgeAsync(plain, [given]));
            case "expired exp hidden in a Disclosure":
            {
                // The peer checks exp on the Issuer-signed payload only; RFC 9901 §7.1 checks the processed payload.
                var (exp, digest) = Property("exp", Now.AddDays(-30).ToUnixTimeSeconds());
                var payload = Payload(givenDigest, digest);
                payload.Remove("exp");
                return await BindAsync(await ForgeAsync(payload, [given, exp]));
            }

            case "no trailing tilde":
                return (await ForgeAsync(plain, [given])).TrimEnd('~');
            default:
                throw new ArgumentException("Unknown case " + name, nameof(name));
        }
    }

    private static JsonObject Payload(params string[] digests)
    {
        var payload = new JsonObject
        {
            ["iss"] = "https://university.example.jp",
            ["iat"] = 1735689600,
            ["exp"] = 1798761600,
            ["vct"] = "urn:honnin:jp:enrollment-certificate:1",
            ["cnf"] = new JsonObject { ["jwk"] = HolderKey.ToJsonObject() },
        };
        if (digests.Length > 0)
        {
            payload["_sd"] = new JsonArray([.. digests.Select(d => (JsonNode)d)]);
        }

        return payload;
    }

    private static (string Encoded, string Digest) Property(string name, JsonNode? value) => Raw(new JsonArray(Disclosure.CreateSalt(), name, value));

    private static (string Encoded, string Digest) Element(JsonNode? value) => Raw(new JsonArray(Disclosure.CreateSalt(), value));

    private static (string Encoded, string Digest) Raw(JsonArray disclosure)
    {
        var encoded = Base64UrlEncoding.Encode(System.Text.Encoding.UTF8.GetBytes(disclosure.ToJsonString()));
        return (encoded, SdHashAlgorithm.Sha256.ComputeDigest(encoded));
    }

    private static async Task<string> ForgeAsync(JsonObject payload, IEnumerable<string> disclosures, string type = "dc+sd-jwt")
    {
        using var signer = IssuerSigner();
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = type }, payload, signer);
        return jws.Text + "~" + string.Concat(disclosures.Select(d => d + "~"));
    }

    private static async Task<string> BindAsync(string presentation, string audience = Audience, DateTimeOffset? issuedAt = null, string type = "kb+jwt")
    {
        using var holder = HolderSigner();
        var payload = new JsonObject
        {
            ["iat"] = (issuedAt ?? Now).ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = Nonce,
            ["sd_hash"] = SdHashAlgorithm.Sha256.ComputeDigest(presentation),
        };
        var jws = await CompactJws.CreateAsync(new JsonObject { ["typ"] = type }, payload, holder);
        return presentation + jws.Text;
    }
}
