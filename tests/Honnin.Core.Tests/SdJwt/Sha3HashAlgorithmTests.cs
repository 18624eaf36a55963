using System.Text.Json.Nodes;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>
/// <c>_sd_alg</c> sha3-256, sha3-384 and sha3-512 (IANA "Named Information Hash Algorithm Registry" names, case-sensitive)
/// in digests, processing and issuance. Known answers: the NIST FIPS 202 example digests of "abc". Interop with an
/// independent SD-JWT implementation is in tests/Honnin.Interop.Tests (SdJwtAlgorithmInteropTests).
/// </summary>
public sealed class Sha3HashAlgorithmTests
{
    [Theory]
    [InlineData("sha3-256", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")]
    [InlineData("sha3-384", "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25")]
    [InlineData("sha3-512", "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0")]
    public void Fips_202_abc_digests(string name, string hex)
    {
        Assert.True(SdHashAlgorithm.TryFromName(name, out var algorithm));
        Assert.Equal(name, algorithm.Name);
        Assert.True(algorithm.IsSupported);
        Assert.Equal(Base64UrlEncoding.Encode(Convert.FromHexString(hex)), algorithm.ComputeDigest("abc"));

        // The SHA-2 twin of the same length gives another digest.
        var sha2 = name switch { "sha3-256" => SdHashAlgorithm.Sha256, "sha3-384" => SdHashAlgorithm.Sha384, _ => SdHashAlgorithm.Sha512 };
        Assert.NotEqual(sha2.ComputeDigest("abc"), algorithm.ComputeDigest("abc"));
    }

    [Theory]
    [InlineData("SHA3-256")]
    [InlineData("sha3_256")]
    [InlineData("sha-3-256")]
    [InlineData("sha3-224")]
    [InlineData("sha3")]
    [InlineData("shake256")]
    public void Other_spellings_and_family_members_are_not_supported(string name)
    {
        Assert.False(SdHashAlgorithm.TryFromName(name, out _));
    }

    [Theory]
    [InlineData("sha3-256", 43)]
    [InlineData("sha3-384", 64)]
    [InlineData("sha3-512", 86)]
    public async Task The_builder_writes_sha3_digests_and_processing_reads_them(string name, int digestLength)
    {
        Assert.True(SdHashAlgorithm.TryFromName(name, out var algorithm));
        using var issuer = IssuerSigner();
        var builder = new SdJwtBuilder(new JsonObject { ["iss"] = "https://issuer.example.com", ["vct"] = "urn:example:vc", ["given_name"] = "花子", ["address"] = new JsonObject { ["locality"] = "港区" } })
            .MakeDisclosable("given_name").MakeDisclosable("address").MakeDisclosable("address.locality").AddDecoys(2);
        builder.HashAlgorithm = algorithm;

        var sdJwt = SelectiveDisclosureJwt.Parse((await builder.BuildAsync(issuer)).Serialize());

        Assert.Equal(name, sdJwt.HashAlgorithmName);
        Assert.Same(algorithm, sdJwt.HashAlgorithm);
        Assert.All(sdJwt.GetIssuerPayload()["_sd"]!.AsArray(), d => Assert.Equal(digestLength, d!.GetValue<string>().Length));
        var processed = sdJwt.Process();
        Assert.True(processed.IsValid);
        Assert.Equal("港区", processed.GetPayload()!["address"]!["locality"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_digest_made_with_another_algorithm_references_nothing()
    {
        var disclosure = Disclosure.CreateObjectProperty(Disclosure.CreateSalt(), "given_name", "花子");
        var payload = new JsonObject { ["_sd_alg"] = "sha3-256", ["_sd"] = new JsonArray(disclosure.ComputeDigest(SdHashAlgorithm.Sha256)) };

        var processed = (await SignedAsync(payload, [disclosure.Encoded])).Process();

        Assert.False(processed.IsValid);
        Assert.Contains(processed.Failures, p => p.Code == SdJwtFailureCodes.DisclosureUnreferenced);

        var matching = new JsonObject { ["_sd_alg"] = "sha3-256", ["_sd"] = new JsonArray(disclosure.ComputeDigest(SdHashAlgorithm.Sha3_256)) };
        Assert.True((await SignedAsync(matching, [disclosure.Encoded])).Process().IsValid);
    }

    [Fact]
    public async Task The_sd_hash_of_a_sha3_presentation_uses_sha3()
    {
        using var issuer = IssuerSigner();
        using var holder = HolderSigner();
        var builder = new SdJwtBuilder(new JsonObject { ["iss"] = "https://issuer.example.com", ["vct"] = "urn:example:vc", ["given_name"] = "花子" }).MakeDisclosable("given_name").WithHolderKey(HolderKey);
        builder.HashAlgorithm = SdHashAlgorithm.Sha3_256;
        var credential = await builder.BuildAsync(issuer);

        var kb = await KeyBindingJwt.CreateAsync(credential, "https://verifier.example", "nonce", DateTimeOffset.FromUnixTimeSeconds(1748537243), holder);

        Assert.Equal(SdHashAlgorithm.Sha3_256.ComputeDigest(credential.SerializeWithoutKeyBinding()), kb.SdHash);
        Assert.NotEqual(SdHashAlgorithm.Sha256.ComputeDigest(credential.SerializeWithoutKeyBinding()), kb.SdHash);
    }
}
