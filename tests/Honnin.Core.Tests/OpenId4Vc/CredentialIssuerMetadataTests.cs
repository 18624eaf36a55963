using System.Text;
using System.Text.Json.Nodes;
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

    private static CredentialIssuerMetadata Sample() => new()
    {
        CredentialIssuer = "https://payroll.example.jp",
        CredentialEndpoint = "https://payroll.example.jp/credential",
        AuthorizationServers = ["https://auth.example.jp"],
        NonceEndpoint = "https://payroll.example.jp/nonce",
        DeferredCredentialEndpoint = "https://payroll.example.jp/deferred_credential",
        NotificationEndpoint = "https://payroll.example.jp/notification",
        BatchSize = 10,
        Display = [new("株式会社本人", "ja"), new("Honnin Co., Ltd.", "en")],
        Configurations = new Dictionary<string, CredentialConfiguration>
        {
            ["slip_dc_sd_jwt"] = new(CredentialConfiguration.SdJwtFormat, "urn:honnin:jp:withholding-slip:1", [new("源泉徴収票", "ja"), new("Withholding slip", "en")], ["ES256"], "withholding_slip"),
            ["slip_mso_mdoc"] = new(CredentialConfiguration.MdocFormat, "jp.honnin.withholding_slip.1", [new("源泉徴収票", "ja")], ["ES256", "EdDSA"]),
        },
    };

    private static byte[] Bytes(JsonNode json) => Encoding.UTF8.GetBytes(json.ToJsonString());

    [Fact]
    public void Metadata_reads_back_as_it_was_written()
    {
        var metadata = Sample();

        var read = CredentialIssuerMetadata.Parse(Bytes(metadata.ToJson()), "https://payroll.example.jp");

        Assert.Equal(metadata.CredentialIssuer, read.CredentialIssuer);
        Assert.Equal(metadata.CredentialEndpoint, read.CredentialEndpoint);
        Assert.Equal(metadata.AuthorizationServers, read.AuthorizationServers);
        Assert.Equal(metadata.NonceEndpoint, read.NonceEndpoint);
        Assert.Equal(metadata.DeferredCredentialEndpoint, read.DeferredCredentialEndpoint);
        Assert.Equal(metadata.NotificationEndpoint, read.NotificationEndpoint);
        Assert.Equal(10, read.BatchSize);
        Assert.Equal(metadata.Display, read.Display);
        Assert.Empty(read.OtherFormatConfigurationIds);
        Assert.Equal(metadata.Configurations.Keys.Order(StringComparer.Ordinal), read.Configurations.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, expected) in metadata.Configurations)
        {
            var actual = read.Configurations[id];
            Assert.Equal(expected.Format, actual.Format);
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(expected.Display, actual.Display);
            Assert.Equal(expected.ProofSigningAlgorithms, actual.ProofSigningAlgorithms);
            Assert.Equal(expected.Scope, actual.Scope);
        }

        Assert.Equal(metadata.ToJson().ToJsonString(), read.ToJson().ToJsonString());
    }

    [Theory]
    [InlineData("https://payroll.example.jp/")]
    [InlineData("https://PAYROLL.example.jp")]
    [InlineData("https://payroll.example.jp/tenant")]
    [InlineData("https://evil.example")]
    public void Metadata_that_names_another_issuer_is_refused(string fetchedFor)
    {
        var error = Assert.Throws<CredentialFormatException>(() => CredentialIssuerMetadata.Parse(Bytes(Sample().ToJson()), fetchedFor));

        Assert.Equal(OpenId4VcFailureCodes.MetadataMalformed, error.Code);
    }

    [Fact]
    public void Loopback_http_reads_and_other_http_does_not()
    {
        var loopback = Sample() with
        {
            CredentialIssuer = "http://127.0.0.1:5071",
            CredentialEndpoint = "http://127.0.0.1:5071/credential",
            AuthorizationServers = [],
            NonceEndpoint = "http://localhost:5071/nonce",
        };
        Assert.Equal("http://localhost:5071/nonce", CredentialIssuerMetadata.Parse(Bytes(loopback.ToJson()), "http://127.0.0.1:5071").NonceEndpoint);

        var json = Sample().ToJson();
        json["credential_endpoint"] = "http://payroll.example.jp/credential";
        Assert.Equal(OpenId4VcFailureCodes.MetadataMalformed, Assert.Throws<CredentialFormatException>(() => CredentialIssuerMetadata.Parse(Bytes(json), "https://payroll.example.jp")).Code);
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "no credential endpoint", """{"credential_issuer":"https://i.example","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "endpoint with a query", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c?x=1","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "http nonce endpoint", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","nonce_endpoint":"http://i.example/n","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "endpoint not a string", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","notification_endpoint":7,"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "no configurations", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{}}""" },
        { "configuration not an object", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":[]}}""" },
        { "no format", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"vct":"v"}}}""" },
        { "sd-jwt without vct", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","doctype":"v"}}}""" },
        { "mdoc without doctype", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"format":"mso_mdoc","vct":"v"}}}""" },
        { "binding without proof types", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v","cryptographic_binding_methods_supported":["jwk"]}}}""" },
        { "jwt proofs without algorithms", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v","cryptographic_binding_methods_supported":["jwk"],"proof_types_supported":{"jwt":{}}}}}""" },
        { "batch size 1", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","batch_credential_issuance":{"batch_size":1},"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "batch size not a number", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","batch_credential_issuance":{"batch_size":"3"},"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "empty authorization servers", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","authorization_servers":[],"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "http authorization server", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","authorization_servers":["http://as.example"],"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "display not an array", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","display":{"name":"x"},"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "display name not a string", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","display":[{"name":1}],"credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "duplicate member", """{"credential_issuer":"https://i.example","credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}}""" },
        { "not an object", """["https://i.example"]""" },
        { "trailing bytes", """{"credential_issuer":"https://i.example","credential_endpoint":"https://i.example/c","credential_configurations_supported":{"a":{"format":"dc+sd-jwt","vct":"v"}}} {}""" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Metadata_a_wallet_cannot_use_is_refused(string why, string json)
    {
        var error = Assert.Throws<CredentialFormatException>(() => CredentialIssuerMetadata.Parse(Encoding.UTF8.GetBytes(json), "https://i.example"));

        Assert.True(error.Code == OpenId4VcFailureCodes.MetadataMalformed, why);
    }

    [Fact]
    public void Metadata_longer_than_the_limit_is_refused_before_it_is_read()
    {
        var json = Sample().ToJson();
        json["padding"] = new string('x', CredentialIssuerMetadata.MaxLength);

        Assert.Equal(OpenId4VcFailureCodes.MetadataMalformed, Assert.Throws<CredentialFormatException>(() => CredentialIssuerMetadata.Parse(Bytes(json), "https://payroll.example.jp")).Code);
    }

    [Fact]
    public void Unknown_members_and_formats_are_passed_over_and_other_formats_are_named()
    {
        var json = JsonNode.Parse("""
            {
              "credential_issuer": "https://i.example",
              "credential_endpoint": "https://i.example/c",
              "credential_response_encryption": {"alg_values_supported": ["ECDH-ES"], "enc_values_supported": ["A128GCM"], "encryption_required": false},
              "display": [{"name": "発行者", "locale": "ja-JP", "logo": {"uri": "https://i.example/logo.png"}}, {"logo": {"uri": "https://i.example/l.png"}}, {"name": "Issuer"}],
              "credential_configurations_supported": {
                "pid_jwt": {"format": "jwt_vc_json", "credential_definition": {"type": ["VerifiableCredential"]}},
                "slip": {
                  "format": "dc+sd-jwt",
                  "vct": "urn:honnin:jp:withholding-slip:1",
                  "credential_signing_alg_values_supported": ["ES256"],
                  "cryptographic_binding_methods_supported": ["jwk"],
                  "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"], "key_attestations_required": {"key_storage": ["iso_18045_moderate"]}}, "attestation": {"proof_signing_alg_values_supported": ["ES256"]}},
                  "credential_metadata": {"display": [{"name": "源泉徴収票", "locale": "ja"}], "claims": [{"path": ["payer_name"], "display": [{"name": "支払者", "locale": "ja"}]}]}
                }
              }
            }
            """)!;

        var read = CredentialIssuerMetadata.Parse(Bytes(json), "https://i.example");

        Assert.Equal(["pid_jwt"], read.OtherFormatConfigurationIds);
        Assert.Equal(["slip"], read.Configurations.Keys);
        Assert.Equal(["ES256"], read.Configurations["slip"].ProofSigningAlgorithms);
        Assert.Equal([new LocalizedName("発行者", "ja-JP"), new LocalizedName("Issuer", "")], read.Display);
        Assert.Null(read.BatchSize);
        Assert.Empty(read.AuthorizationServers);
        Assert.Equal("発行者", LocalizedName.Find(read.Display, "ja"));
        Assert.Null(LocalizedName.Find(read.Display, "en"));
        Assert.Equal("源泉徴収票", LocalizedName.Find(read.Configurations["slip"].Display, "ja-JP"));
    }
}
