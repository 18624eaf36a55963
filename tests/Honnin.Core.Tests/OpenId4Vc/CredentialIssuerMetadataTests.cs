using Honnin.OpenId4Vc;

namespace Honnin.Core.Tests.OpenId4Vc;

/// <summary>Credential Issuer metadata (OpenID4VCI 1.0 §12.2): where it is published, and what it says.</summary>
public sealed class CredentialIssuerMetadataTests
{
    [Theory]
    [InlineData("https://payroll.example.jp", "https://payroll.example.jp/.well-known/openid-credential-issuer")]
    [InlineData("https://payroll.example.jp/", "https://payroll.example.jp/.well-known/openid-credential-issuer")]
    [InlineData("https://issuer.example.jp/tenant/42", "https://issuer.example.jp/.well-known/openid-credential-issuer/tenant/42")]
    [InlineData("http://127.0.0.1:5071", "http://127.0.0.1:5071/.well-known/openid-credential-issuer")]
    public void The_well_known_segment_goes_between_the_host_and_the_path(string issuer, string expected)
    {
        Assert.Equal(new Uri(expected), CredentialIssuerMetadata.WellKnownUri(issuer));
    }

    [Theory]
    [InlineData("http://payroll.example.jp")]
    [InlineData("https://payroll.example.jp?tenant=1")]
    [InlineData("payroll.example.jp")]
    public void An_identifier_that_is_not_an_https_url_has_no_metadata_location(string issuer)
    {
        Assert.Throws<ArgumentException>(() => CredentialIssuerMetadata.WellKnownUri(issuer));
    }

    [Fact]
    public void Each_format_names_its_type_member_and_its_binding()
    {
        var metadata = new CredentialIssuerMetadata
        {
            CredentialIssuer = "https://payroll.example.jp",
            CredentialEndpoint = "https://payroll.example.jp/credential",
            NonceEndpoint = "https://payroll.example.jp/nonce",
            BatchSize = 10,
            Display = [new("株式会社本人", "ja"), new("Honnin Co., Ltd.", "en")],
            Configurations = new Dictionary<string, CredentialConfiguration>
            {
                ["slip_dc_sd_jwt"] = new(CredentialConfiguration.SdJwtFormat, "urn:honnin:jp:withholding-slip:1", [new("源泉徴収票", "ja")], ["ES256"]),
                ["slip_mso_mdoc"] = new(CredentialConfiguration.MdocFormat, "jp.honnin.withholding_slip.1", [new("源泉徴収票", "ja")], ["ES256"]),
            },
        };

        var json = metadata.ToJson();

        Assert.Equal(10, json["batch_credential_issuance"]!["batch_size"]!.GetValue<int>());
        Assert.Equal("株式会社本人", json["display"]![0]!["name"]!.GetValue<string>());
        var sdJwt = json["credential_configurations_supported"]!["slip_dc_sd_jwt"]!;
        Assert.Equal("urn:honnin:jp:withholding-slip:1", sdJwt["vct"]!.GetValue<string>());
        Assert.Equal("jwk", sdJwt["cryptographic_binding_methods_supported"]![0]!.GetValue<string>());
        var mdoc = json["credential_configurations_supported"]!["slip_mso_mdoc"]!;
        Assert.Equal("jp.honnin.withholding_slip.1", mdoc["doctype"]!.GetValue<string>());
        Assert.Null(mdoc["vct"]);
        Assert.Equal("cose_key", mdoc["cryptographic_binding_methods_supported"]![0]!.GetValue<string>());
        Assert.Equal("ES256", mdoc["proof_types_supported"]!["jwt"]!["proof_signing_alg_values_supported"]![0]!.GetValue<string>());
        Assert.Throws<InvalidOperationException>(() => (metadata with { BatchSize = 1 }).ToJson());
        Assert.Throws<InvalidOperationException>(() => (metadata with { Configurations = new Dictionary<string, CredentialConfiguration>() }).ToJson());
    }
}
