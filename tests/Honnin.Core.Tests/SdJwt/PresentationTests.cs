using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.SdJwt;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>Choosing Disclosures for claim paths, and binding a presentation with a KB-JWT.</summary>
public sealed class PresentationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static SelectiveDisclosureJwt Example5 => SelectiveDisclosureJwt.Parse(Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json")["sd_jwt_issuance"]!.GetValue<string>());

    private static SelectiveDisclosureJwt A3 => SelectiveDisclosureJwt.Parse(Json("sdjwt/rfc9901-draft22/example-A3-sd-jwt-vc.json")["sd_jwt_issuance"]!.GetValue<string>());

    private static JsonObject Revealed(SelectiveDisclosureJwt presentation) => SelectiveDisclosureJwt.Parse(presentation.Serialize()).Process().GetPayload()!;

    [Fact]
    public void Selecting_a_flat_claim_sends_only_its_disclosure()
    {
        var presentation = Example5.SelectDisclosures([ClaimPath.Parse("given_name")]);

        Assert.Equal("given_name", Assert.Single(presentation.Disclosures).ClaimName);
        Assert.Equal("John", Revealed(presentation)["given_name"]!.GetValue<string>());
        Assert.False(Revealed(presentation).ContainsKey("family_name"));
    }

    [Fact]
    public void Selecting_a_nested_leaf_of_a_recursive_claim_sends_the_parent_disclosure_too()
    {
        // A.3: address is disclosable and so is each of its members.
        var presentation = A3.SelectDisclosures([ClaimPath.Parse("address.locality")]);

        Assert.Equal(["address", "locality"], presentation.Disclosures.Select(d => d.ClaimName).Order(StringComparer.Ordinal));
        AssertJsonEqual(JsonNode.Parse("""{"locality": "Köln"}"""), Revealed(presentation)["address"]);
    }

    [Fact]
    public void Selecting_a_container_sends_everything_inside_it()
    {
        var presentation = A3.SelectDisclosures([ClaimPath.Parse("address")]);

        AssertJsonEqual(Json("sdjwt/rfc9901-draft22/example-A3-sd-jwt-vc.json")["processed_payload_all_disclosed"]!["address"], Revealed(presentation)["address"]);
    }

    [Fact]
    public void Selecting_one_array_element_keeps_only_that_element()
    {
        var presentation = Example5.SelectDisclosures([ClaimPath.Parse("nationalities[1]")]);

        Assert.Equal(["DE"], Revealed(presentation)["nationalities"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Selecting_every_element_of_an_array_with_a_wildcard()
    {
        var presentation = Example5.SelectDisclosures([ClaimPath.Parse("nationalities[*]")]);

        Assert.Equal(["US", "DE"], Revealed(presentation)["nationalities"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Selecting_a_plain_claim_needs_no_disclosure()
    {
        Assert.Empty(Example5.SelectDisclosures([ClaimPath.Parse("sub")]).Disclosures);
    }

    [Fact]
    public void Selecting_a_claim_the_credential_lacks_is_an_error()
    {
        Assert.False(Example5.ContainsClaim(ClaimPath.Parse("middle_name")));
        Assert.True(Example5.ContainsClaim(ClaimPath.Parse("address.locality")));
        Assert.Throws<ArgumentException>(() => Example5.SelectDisclosures([ClaimPath.Parse("middle_name")]));
    }

    [Fact]
    public async Task Presenting_binds_the_selected_disclosures_to_audience_and_nonce()
    {
        using var holder = HolderSigner();
        var presentation = await Example5.PresentAsync([ClaimPath.Parse("family_name")], "https://verifier.example.org", "n-0S6_WzA2Mj", Now, holder);

        var keyBinding = presentation.KeyBinding!;
        Assert.Equal("kb+jwt", keyBinding.Jws.Type);
        Assert.Equal("https://verifier.example.org", keyBinding.Audience);
        Assert.Equal("n-0S6_WzA2Mj", keyBinding.Nonce);
        Assert.Equal(Now, keyBinding.IssuedAt);
        Assert.Equal(presentation.ComputeSdHash(SdHashAlgorithm.Sha256), keyBinding.SdHash);
        Assert.True(keyBinding.VerifySignature(HolderKey.Key));

        var reparsed = SelectiveDisclosureJwt.Parse(presentation.Serialize());
        Assert.Equal(presentation.Serialize(), reparsed.Serialize());
        Assert.Equal(keyBinding.SdHash, reparsed.ComputeSdHash(SdHashAlgorithm.Sha256));
    }

    [Fact]
    public async Task Kb_jwt_of_one_presentation_does_not_match_another()
    {
        using var holder = HolderSigner();
        var first = await Example5.PresentAsync([ClaimPath.Parse("family_name")], "aud", "nonce", Now, holder);
        var second = Example5.SelectDisclosures([ClaimPath.Parse("given_name")]);

        Assert.NotEqual(first.KeyBinding!.SdHash, second.ComputeSdHash(SdHashAlgorithm.Sha256));
    }

    [Fact]
    public async Task Kb_jwt_signed_with_ed25519_verifies_with_its_key_only()
    {
        using var holder = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        using var other = SoftwareSigner.Generate(CoseAlgorithm.EdDSA);
        var keyBinding = await KeyBindingJwt.CreateAsync(Example5.WithDisclosures([]), "aud", "nonce", Now, holder);

        Assert.True(keyBinding.VerifySignature(holder.PublicKey));
        Assert.False(keyBinding.VerifySignature(other.PublicKey));
    }
}
