using System.Text.Json.Nodes;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Issuer.Tests.SdJwt;

/// <summary>Creating SD-JWTs: plans of object members, array elements, recursion and decoys.</summary>
public sealed class SdJwtBuilderTests
{
    private static JsonObject Claims => JsonNode.Parse("""
        {
          "iss": "https://employer.example.jp",
          "iat": 1735689600,
          "exp": 1767225600,
          "vct": "urn:honnin:jp:withholding-slip:1",
          "tax_year": 2024,
          "full_name": "山田 太郎",
          "payee_address": {"postal_code": "105-0011", "locality": "港区", "street": "芝公園4-2-8"},
          "dependents_list": [{"name": "山田 花子", "relation": "spouse"}, {"name": "山田 一郎", "relation": "child"}],
          "payment_amount": 5000000
        }
        """)!.AsObject();

    private static async Task<SelectiveDisclosureJwt> BuildAsync(Action<SdJwtBuilder> configure)
    {
        using var issuer = IssuerSigner();
        var builder = new SdJwtBuilder(Claims);
        configure(builder);
        return await builder.BuildAsync(issuer);
    }

    [Fact]
    public async Task Built_sd_jwt_processes_back_to_the_claims_with_every_disclosure()
    {
        var sdJwt = await BuildAsync(b => b
            .MakeDisclosable("full_name")
            .MakeDisclosable("payee_address")
            .MakeDisclosable("payee_address.locality")
            .MakeDisclosable("dependents_list[*]")
            .MakeDisclosable("dependents_list[1].name")
            .AddDecoys(3)
            .AddDecoys(ClaimPath.Parse("payee_address"), 2)
            .AddDecoys(ClaimPath.Parse("dependents_list"), 2)
            .WithHolderKey(HolderKey));

        var result = SelectiveDisclosureJwt.Parse(sdJwt.Serialize()).Process();

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(p => p.Code)));
        var expected = Claims;
        expected["cnf"] = new JsonObject { ["jwk"] = HolderKey.ToJsonObject() };
        AssertJsonEqual(expected, result.GetPayload());
        Assert.Equal(6, sdJwt.Disclosures.Count);
    }

    [Fact]
    public async Task Payload_hides_disclosable_claims_behind_digests_and_decoys()
    {
        var sdJwt = await BuildAsync(b => b.MakeDisclosable("full_name").MakeDisclosable("dependents_list[0]").AddDecoys(4).AddDecoys(ClaimPath.Parse("dependents_list"), 1));
        var payload = sdJwt.GetIssuerPayload();

        Assert.False(payload.ContainsKey("full_name"));
        Assert.Equal(5, payload["_sd"]!.AsArray().Count);
        Assert.Equal("sha-256", payload["_sd_alg"]!.GetValue<string>());
        var list = payload["dependents_list"]!.AsArray();
        Assert.Equal(3, list.Count);
        Assert.Equal(2, list.Count(e => e is JsonObject o && o.Count == 1 && o.ContainsKey("...")));
        Assert.Equal("dc+sd-jwt", sdJwt.IssuerSigned.Type);
        Assert.DoesNotContain("山田 太郎", sdJwt.IssuerSigned.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sd_order_does_not_follow_the_claim_order()
    {
        // With 8 disclosable claims, the chance that 20 builds all keep one fixed order by accident is negligible.
        var orders = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var sdJwt = await BuildAsync(b => b.MakeDisclosable("full_name").MakeDisclosable("tax_year").MakeDisclosable("payment_amount").MakeDisclosable("payee_address").AddDecoys(4));
            var digestOrder = sdJwt.GetIssuerPayload()["_sd"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
            var disclosureDigests = sdJwt.Disclosures.Select(d => d.ComputeDigest(SdHashAlgorithm.Sha256)).ToList();
            orders.Add(string.Join(',', digestOrder.Select(d => disclosureDigests.IndexOf(d))));
        }

        Assert.True(orders.Count > 1);
    }

    [Fact]
    public async Task Every_salt_is_fresh()
    {
        var first = await BuildAsync(b => b.MakeDisclosable("full_name").MakeDisclosable("tax_year"));
        var second = await BuildAsync(b => b.MakeDisclosable("full_name").MakeDisclosable("tax_year"));

        var salts = first.Disclosures.Concat(second.Disclosures).Select(d => d.Salt).ToList();
        Assert.Equal(salts.Count, salts.Distinct().Count());
        Assert.All(salts, s => Assert.Equal(16, Base64UrlEncoding.Decode(s).Length));
    }

    [Theory]
    [InlineData("iss")]
    [InlineData("exp")]
    [InlineData("vct")]
    [InlineData("cnf")]
    [InlineData("cnf.jwk")]
    public async Task Sd_jwt_vc_refuses_to_make_registered_claims_disclosable(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await BuildAsync(b => b.WithHolderKey(HolderKey).MakeDisclosable(path)));
    }

    [Fact]
    public async Task Generic_sd_jwt_type_may_make_registered_claims_disclosable()
    {
        var sdJwt = await BuildAsync(b => { b.Type = "example+sd-jwt"; b.MakeDisclosable("exp"); });

        Assert.False(sdJwt.GetIssuerPayload().ContainsKey("exp"));
    }

    [Fact]
    public async Task Sd_jwt_vc_without_vct_is_refused()
    {
        using var issuer = IssuerSigner();
        var claims = Claims;
        claims.Remove("vct");

        await Assert.ThrowsAsync<ArgumentException>(async () => await new SdJwtBuilder(claims).BuildAsync(issuer));
    }

    [Fact]
    public async Task Sd_jwt_vc_without_disclosable_claims_has_no_sd_and_takes_no_decoys()
    {
        var plain = await BuildAsync(_ => { });
        Assert.False(plain.GetIssuerPayload().ContainsKey("_sd"));
        Assert.Empty(plain.Disclosures);

        await Assert.ThrowsAsync<ArgumentException>(async () => await BuildAsync(b => b.AddDecoys(2)));
    }

    [Theory]
    [InlineData("_sd")]
    [InlineData("...")]
    [InlineData("_sd_alg")]
    public void Claims_with_reserved_names_are_refused(string name)
    {
        var claims = Claims;
        claims["payee_address"]!.AsObject()[name] = "x";

        Assert.Throws<ArgumentException>(() => new SdJwtBuilder(claims));
    }

    [Theory]
    [InlineData("no_such_claim")]
    [InlineData("payee_address.no_such")]
    [InlineData("dependents_list[5]")]
    [InlineData("tax_year.x")]
    public async Task Plan_paths_must_exist(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await BuildAsync(b => b.MakeDisclosable(path)));
    }

    [Fact]
    public async Task Same_claim_planned_twice_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await BuildAsync(b => b.MakeDisclosable("dependents_list[*]").MakeDisclosable("dependents_list[0]")));
    }

    [Fact]
    public async Task Sha_384_digests_are_written_and_processed()
    {
        var sdJwt = await BuildAsync(b => { b.HashAlgorithm = SdHashAlgorithm.Sha384; b.MakeDisclosable("full_name"); });

        Assert.Equal("sha-384", sdJwt.HashAlgorithmName);
        Assert.Equal(64, sdJwt.GetIssuerPayload()["_sd"]![0]!.GetValue<string>().Length);
        Assert.True(sdJwt.Process().IsValid);
    }

    [Fact]
    public async Task Extra_headers_are_signed_and_reserved_headers_are_refused()
    {
        var sdJwt = await BuildAsync(b => b.WithHeader("kid", "issuer-key-1"));

        Assert.Equal("issuer-key-1", sdJwt.IssuerSigned.KeyId);
        Assert.Throws<ArgumentException>(() => new SdJwtBuilder(Claims).WithHeader("alg", "none"));
        Assert.Throws<ArgumentException>(() => new SdJwtBuilder(Claims).WithHeader("crit", new JsonArray()));
    }
}
