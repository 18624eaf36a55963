using System.Text.Json.Nodes;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.SdJwt;
using Honnin.SdJwt;
using Honnin.Verifier.SdJwt;
using static Honnin.Interop.Tests.InteropKit;

namespace Honnin.Interop.Tests;

/// <summary>
/// SD-JWT VC with key binding, both directions, against @sd-jwt/sd-jwt-vc 0.19.0 with @sd-jwt/crypto-nodejs 0.19.0
/// (tests/interop/peer.mjs): each side issues, presents and verifies what the other produced.
/// </summary>
public sealed class SdJwtVcInteropTests
{
    private static JsonObject PeerFrame => JsonNode.Parse("""
        {
          "_sd": ["given_name", "family_name", "full_name_kana", "student_number", "address"],
          "address": {"_sd": ["postal_code", "locality", "street_address"]},
          "nationalities": {"_sd": [0, 1]},
          "_sd_decoy": 2
        }
        """)!.AsObject();

    private static async Task<SelectiveDisclosureJwt> HonninIssueAsync()
    {
        using var issuer = IssuerSigner();
        return await new SdJwtBuilder(Claims)
            .MakeDisclosable("given_name").MakeDisclosable("family_name").MakeDisclosable("full_name_kana").MakeDisclosable("student_number")
            .MakeDisclosable("address").MakeDisclosable("address.postal_code").MakeDisclosable("address.locality").MakeDisclosable("address.street_address")
            .MakeDisclosable("nationalities[*]")
            .AddDecoys(2).AddDecoys(ClaimPath.Parse("address"), 1).AddDecoys(ClaimPath.Parse("nationalities"), 1)
            .WithHolderKey(HolderKey)
            .BuildAsync(issuer);
    }

    private static async Task<string> PeerIssueAsync()
    {
        var response = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "issue",
            ["issuerJwk"] = IssuerPrivateJwk,
            ["holderJwk"] = HolderKey.ToJsonObject(),
            ["claims"] = Claims,
            ["frame"] = PeerFrame,
        });
        return response["credential"]!.GetValue<string>();
    }

    private static async Task<string> PeerPresentAsync(string credential, string frame)
    {
        var response = await NodePeer.RunAsync(new JsonObject
        {
            ["command"] = "present",
            ["credential"] = credential,
            ["holderJwk"] = HolderPrivateJwk,
            ["frame"] = JsonNode.Parse(frame),
            ["kb"] = new JsonObject { ["aud"] = Audience, ["nonce"] = Nonce, ["iat"] = Now.ToUnixTimeSeconds() },
        });
        return response["presentation"]!.GetValue<string>();
    }

    private static JsonObject Expected(Action<JsonObject> hide)
    {
        var expected = Claims;
        expected["cnf"] = new JsonObject { ["jwk"] = HolderKey.ToJsonObject() };
        hide(expected);
        return expected;
    }

    [Fact]
    public async Task Peer_verifies_a_credential_issued_and_presented_by_honnin_with_key_binding()
    {
        var credential = await HonninIssueAsync();
        using var holder = HolderSigner();
        var presentation = await credential.PresentAsync(
            [ClaimPath.Parse("given_name"), ClaimPath.Parse("address.locality"), ClaimPath.Parse("nationalities[1]")], Audience, Nonce, Now, holder);

        var peer = await PeerVerifyAsync(presentation.Serialize());

        Assert.True(peer["valid"]!.GetValue<bool>(), peer["error"]?.GetValue<string>());
        var expected = JsonNode.Parse("""
            {"iss": "https://university.example.jp", "iat": 1735689600, "exp": 1798761600, "vct": "urn:honnin:jp:enrollment-certificate:1",
             "grade": 3, "age_over_18": true, "given_name": "花子", "address": {"locality": "港区"}, "nationalities": ["US"]}
            """)!.AsObject();
        expected["cnf"] = new JsonObject { ["jwk"] = HolderKey.ToJsonObject() };
        AssertJsonEqual(expected, peer["payload"]);
        Assert.Equal(Audience, peer["kb"]!["aud"]!.GetValue<string>());
        Assert.Equal(presentation.KeyBinding!.SdHash, peer["kb"]!["sd_hash"]!.GetValue<string>());

        var honnin = HonninVerifier().Verify(presentation.Serialize());
        AssertValid(honnin);
        AssertJsonEqual(peer["payload"], Assert.Single(honnin.Documents).Claims);
    }

    [Fact]
    public async Task Honnin_verifies_a_credential_issued_by_honnin_and_presented_by_the_peer_with_key_binding()
    {
        var credential = await HonninIssueAsync();
        // The peer's presentation frame indexes the issued array including decoy placeholders, and Honnin puts an array decoy
        // at a random place, so select every position rather than one.
        var presentation = await PeerPresentAsync(credential.Serialize(), """{"family_name": true, "address": {"postal_code": true}, "nationalities": {"0": true, "1": true, "2": true}}""");

        var result = HonninVerifier().Verify(presentation);

        AssertValid(result);
        var claims = Assert.Single(result.Documents).Claims!;
        AssertJsonEqual(Expected(e =>
        {
            e.Remove("given_name");
            e.Remove("full_name_kana");
            e.Remove("student_number");
            e["address"] = new JsonObject { ["postal_code"] = "105-0011" };
        }), claims);
    }

    [Fact]
    public async Task Honnin_verifies_a_credential_issued_and_presented_by_the_peer_with_key_binding()
    {
        var credential = await PeerIssueAsync();
        var presentation = await PeerPresentAsync(credential, """{"given_name": true, "student_number": true, "address": {"street_address": true, "locality": true}}""");

        var result = HonninVerifier().Verify(presentation);

        AssertValid(result);
        AssertJsonEqual(Expected(e =>
        {
            e.Remove("family_name");
            e.Remove("full_name_kana");
            e["address"] = new JsonObject { ["locality"] = "港区", ["street_address"] = "芝公園4-2-8" };
            e["nationalities"] = new JsonArray();
        }), Assert.Single(result.Documents).Claims);
        Assert.Equal("urn:honnin:jp:enrollment-certificate:1", Assert.Single(result.Documents).DocType);
    }

    [Fact]
    public async Task Peer_verifies_a_credential_issued_by_the_peer_and_presented_by_honnin_with_key_binding()
    {
        var credential = SelectiveDisclosureJwt.Parse(await PeerIssueAsync());
        using var holder = HolderSigner();
        var presentation = await credential.PresentAsync([ClaimPath.Parse("family_name"), ClaimPath.Parse("address.postal_code"), ClaimPath.Parse("nationalities[*]")], Audience, Nonce, Now, holder);

        var peer = await PeerVerifyAsync(presentation.Serialize());

        Assert.True(peer["valid"]!.GetValue<bool>(), peer["error"]?.GetValue<string>());
        AssertJsonEqual(Expected(e =>
        {
            e.Remove("given_name");
            e.Remove("full_name_kana");
            e.Remove("student_number");
            e["address"] = new JsonObject { ["postal_code"] = "105-0011" };
        }), peer["payload"]);
        AssertValid(HonninVerifier().Verify(presentation.Serialize()));
    }

    [Fact]
    public async Task Peer_issued_credential_processes_in_honnin_to_the_peer_s_full_view()
    {
        var credential = await PeerIssueAsync();

        var peer = await PeerVerifyAsync(credential, nonce: null);
        var honnin = HonninVerifier(KeyBindingPolicy.Forbidden).Verify(credential);

        Assert.True(peer["valid"]!.GetValue<bool>(), peer["error"]?.GetValue<string>());
        AssertValid(honnin);
        AssertJsonEqual(peer["payload"], Assert.Single(honnin.Documents).Claims);
        AssertJsonEqual(Expected(_ => { }), Assert.Single(honnin.Documents).Claims);
    }

    [Fact]
    public async Task Honnin_rejects_a_peer_presentation_bound_to_another_verifier()
    {
        var credential = await PeerIssueAsync();
        var presentation = await PeerPresentAsync(credential, """{"given_name": true}""");

        Assert.True(HonninVerifier(nonce: "another-nonce").Verify(presentation).HasFailure(SdJwtFailureCodes.NonceMismatch));
        Assert.True(HonninVerifier(audience: "https://another.example").Verify(presentation).HasFailure(SdJwtFailureCodes.AudienceMismatch));
        Assert.True(HonninVerifier(now: Now.AddHours(1)).Verify(presentation).HasFailure(SdJwtFailureCodes.KeyBindingIatOutsideWindow));
    }
}
