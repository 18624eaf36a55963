using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;
using static Honnin.Tests.SdJwt.SdJwtFixtures;

namespace Honnin.Core.Tests.SdJwt;

/// <summary>Reading and writing SD-JWTs: the compact form (RFC 9901 §4) and JWS JSON serialization (§8).</summary>
public sealed class SdJwtParsingTests
{
    private static JsonObject Example5 => Json("sdjwt/rfc9901-draft22/example-5-basic-with-kb.json");

    [Fact]
    public void Compact_presentation_round_trips_character_for_character()
    {
        var text = Example5["sd_jwt_presentation"]!.GetValue<string>();
        var sdJwt = SelectiveDisclosureJwt.Parse(text);

        Assert.Equal(text, sdJwt.Serialize());
        Assert.Equal(SdJwtSerialization.Compact, sdJwt.Serialization);
        Assert.Equal(Example5["issuer_signed_jwt"]!.GetValue<string>(), sdJwt.IssuerSigned.Text);
        Assert.Equal(Example5["kb_jwt"]!.GetValue<string>(), sdJwt.KeyBinding!.Text);
        Assert.Equal("https://verifier.example.org", sdJwt.KeyBinding.Audience);
        Assert.Equal("1234567890", sdJwt.KeyBinding.Nonce);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1748537243), sdJwt.KeyBinding.IssuedAt);
    }

    [Fact]
    public void Issued_sd_jwt_keeps_every_disclosure_string_in_order()
    {
        var sdJwt = SelectiveDisclosureJwt.Parse(Example5["sd_jwt_issuance"]!.GetValue<string>());

        Assert.Equal(Example5["disclosures"]!.AsArray().Select(d => d!["disclosure"]!.GetValue<string>()), sdJwt.Disclosures.Select(d => d.Encoded));
        Assert.Null(sdJwt.KeyBinding);
        Assert.Equal("sha-256", sdJwt.HashAlgorithmName);
        AssertJsonEqual(Example5["issuer_jwt_payload"], sdJwt.GetIssuerPayload());
    }

    [Fact]
    public void Flattened_json_serialization_reads_disclosures_and_kb_jwt_from_the_unprotected_header()
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-8-jws-json-serialization.json")["8.2 flattened JSON serialization, SD-JWT+KB with two Disclosures"]!;
        var sdJwt = SelectiveDisclosureJwt.Parse(vector["jws_json"]!.ToJsonString());

        Assert.Equal(SdJwtSerialization.JsonFlattened, sdJwt.Serialization);
        Assert.Equal(2, sdJwt.Disclosures.Count);
        Assert.NotNull(sdJwt.KeyBinding);
        Assert.Equal(vector["kb_jwt_payload"]!["sd_hash"]!.GetValue<string>(), sdJwt.ComputeSdHash(SdHashAlgorithm.Sha256));
    }

    [Fact]
    public void General_json_serialization_keeps_every_signature()
    {
        var vector = Json("sdjwt/rfc9901-draft22/example-8-jws-json-serialization.json")["8.3 general JSON serialization, presentation with kb_jwt"]!;
        var sdJwt = SelectiveDisclosureJwt.Parse(vector["jws_json"]!.ToJsonString());

        Assert.Equal(SdJwtSerialization.JsonGeneral, sdJwt.Serialization);
        Assert.Equal(2, sdJwt.IssuerSignatures.Count);
        Assert.Equal(sdJwt.IssuerSignatures[0].EncodedPayload, sdJwt.IssuerSignatures[1].EncodedPayload);
        Assert.Equal(vector["kb_jwt_payload"]!["sd_hash"]!.GetValue<string>(), sdJwt.ComputeSdHash(SdHashAlgorithm.Sha256));
    }

    [Theory]
    [InlineData("{\"payload\":\"e30\",\"signature\":\"c2ln\"}")]
    [InlineData("{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"payload\":\"e30\",\"signature\":\"c2ln\",\"header\":[]}")]
    [InlineData("{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"payload\":\"e30\",\"signature\":\"c2ln\",\"header\":{\"disclosures\":\"x\"}}")]
    [InlineData("{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"payload\":\"e30\",\"signature\":\"c2ln\",\"header\":{\"disclosures\":[1]}}")]
    [InlineData("{\"payload\":\"e30\",\"signatures\":[]}")]
    [InlineData("{\"payload\":\"e30\",\"signatures\":[{\"protected\":\"eyJhbGciOiJFUzI1NiJ9\",\"signature\":\"c2ln\"}],\"signature\":\"c2ln\"}")]
    public void Malformed_json_serialization_is_rejected(string json)
    {
        Assert.False(SelectiveDisclosureJwt.TryParse(json, out _, out var error));
        Assert.Equal(SdJwtFailureCodes.Malformed, error.Code);
    }

    [Fact]
    public void Compact_form_without_any_tilde_is_rejected()
    {
        Assert.Equal(SdJwtFailureCodes.MissingSeparator, Assert.Throws<CredentialFormatException>(() => SelectiveDisclosureJwt.Parse(Example5["issuer_signed_jwt"]!.GetValue<string>())).Code);
    }

    [Fact]
    public void Limits_on_length_and_disclosure_count_are_enforced()
    {
        var text = Example5["sd_jwt_issuance"]!.GetValue<string>();

        Assert.Equal(SdJwtFailureCodes.TooLarge, Assert.Throws<CredentialFormatException>(() => SelectiveDisclosureJwt.Parse(text, new SdJwtParseOptions { MaxLength = 100 })).Code);
        Assert.Equal(SdJwtFailureCodes.TooLarge, Assert.Throws<CredentialFormatException>(() => SelectiveDisclosureJwt.Parse(text, new SdJwtParseOptions { MaxDisclosures = 3 })).Code);
    }

    [Fact]
    public void Kb_jwt_missing_a_claim_is_malformed()
    {
        var text = Example5["sd_jwt_presentation"]!.GetValue<string>();
        var kb = CompactJws.Parse(Example5["kb_jwt"]!.GetValue<string>());
        var payload = kb.ReadPayloadObject();
        payload.Remove("sd_hash");
        var forged = text[..(text.LastIndexOf('~') + 1)] + kb.EncodedHeader + "." + Base64UrlEncoding.Encode(StrictJson.SerializeToUtf8Bytes(payload)) + "." + kb.EncodedSignature;

        Assert.Equal(SdJwtFailureCodes.KeyBindingMalformed, Assert.Throws<CredentialFormatException>(() => SelectiveDisclosureJwt.Parse(forged)).Code);
    }

    [Fact]
    public void With_disclosures_and_without_key_binding_produce_new_compact_sd_jwts()
    {
        var sdJwt = SelectiveDisclosureJwt.Parse(Example5["sd_jwt_presentation"]!.GetValue<string>());

        var bare = sdJwt.WithoutKeyBinding();
        Assert.Null(bare.KeyBinding);
        Assert.Equal(sdJwt.SerializeWithoutKeyBinding(), bare.Serialize());
        Assert.EndsWith("~", bare.Serialize(), StringComparison.Ordinal);

        var none = sdJwt.WithDisclosures([]);
        Assert.Equal(sdJwt.IssuerSigned.Text + "~", none.Serialize());
    }

    [Fact]
    public async Task Sd_alg_that_is_not_a_string_is_rejected_at_parse()
    {
        using var signer = IssuerSigner();
        var jws = await CompactJws.CreateAsync([], new JsonObject { ["_sd_alg"] = 256 }, signer);

        Assert.False(SelectiveDisclosureJwt.TryParse(jws.Text + "~", out _, out var error));
        Assert.Equal(SdJwtFailureCodes.HashAlgorithmNotAccepted, error.Code);
    }
}
