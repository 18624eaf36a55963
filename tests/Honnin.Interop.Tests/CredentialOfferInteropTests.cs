using System.Text.Json.Nodes;
using Honnin.OpenId4Vc;

namespace Honnin.Interop.Tests;

/// <summary>Credential Offer links with @openid4vc/openid4vci 0.4.6, both directions: a wallet library resolves Honnin's links, and Honnin reads the library's.</summary>
public sealed class CredentialOfferInteropTests
{
    private static readonly CredentialOffer Offer = new(
        "https://payroll.example.jp",
        ["withholding_slip_dc_sd_jwt", "withholding_slip_mso_mdoc"],
        new AuthorizationCodeOfferGrant("state-7f3a"),
        new PreAuthorizedCodeOfferGrant("oaKazRN8I0IbtZ0C7JuMn5", new TransactionCodeSpec("numeric", 4, "人事部からのメールにある4桁の番号")));

    [Fact]
    public async Task The_peer_resolves_an_offer_link_honnin_made()
    {
        var response = await NodePeer.RunAsync(new JsonObject { ["command"] = "offer-resolve", ["link"] = CredentialOfferLink.ByValue(Offer) });

        Assert.Null(response["error"]);
        Assert.True(JsonNode.DeepEquals(Offer.ToJson(), response["offer"]), response["offer"]?.ToJsonString());
    }

    [Fact]
    public async Task Honnin_reads_offer_links_the_peer_made_by_value_and_by_reference()
    {
        var request = new JsonObject
        {
            ["command"] = "offer-create",
            ["issuerMetadata"] = new JsonObject
            {
                ["credential_issuer"] = "https://payroll.example.jp",
                ["credential_endpoint"] = "https://payroll.example.jp/credential",
                ["credential_configurations_supported"] = new JsonObject
                {
                    ["withholding_slip_dc_sd_jwt"] = new JsonObject { ["format"] = "dc+sd-jwt", ["vct"] = "urn:honnin:jp:withholding-slip:1" },
                },
            },
            ["authorizationServers"] = new JsonArray(new JsonObject { ["issuer"] = "https://payroll.example.jp", ["token_endpoint"] = "https://payroll.example.jp/token", ["pre-authorized_grant_anonymous_access_supported"] = true }),
            ["credentialConfigurationIds"] = new JsonArray("withholding_slip_dc_sd_jwt"),
            ["grants"] = new JsonObject
            {
                [CredentialOffer.PreAuthorizedCodeGrantType] = new JsonObject { ["pre-authorized_code"] = "abc123", ["tx_code"] = new JsonObject { ["input_mode"] = "numeric", ["length"] = 6 } },
            },
        };

        var byValue = CredentialOfferLink.Parse((await NodePeer.RunAsync(request))["link"]!.GetValue<string>()).Offer!;
        request["credentialOfferUri"] = "https://payroll.example.jp/offers/42";
        var byReference = CredentialOfferLink.Parse((await NodePeer.RunAsync(request))["link"]!.GetValue<string>());

        Assert.Equal("https://payroll.example.jp", byValue.CredentialIssuer);
        Assert.Equal(["withholding_slip_dc_sd_jwt"], byValue.CredentialConfigurationIds);
        Assert.Equal("abc123", byValue.PreAuthorizedCode!.PreAuthorizedCode);
        Assert.Equal(new TransactionCodeSpec("numeric", 6), byValue.PreAuthorizedCode.TransactionCode);
        Assert.Equal(new Uri("https://payroll.example.jp/offers/42"), byReference.OfferUri);
    }

    [Fact]
    public async Task An_offer_without_an_issuer_is_refused_by_both_and_an_empty_configuration_list_by_honnin()
    {
        const string noIssuer = "openid-credential-offer://?credential_offer=%7B%22credential_configuration_ids%22%3A%5B%22a%22%5D%7D";
        const string emptyList = "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fpayroll.example.jp%22%2C%22credential_configuration_ids%22%3A%5B%5D%7D";

        Assert.NotNull((await NodePeer.RunAsync(new JsonObject { ["command"] = "offer-resolve", ["link"] = noIssuer }))["error"]);
        Assert.False(CredentialOfferLink.TryParse(noIssuer, out _, out _));

        // OpenID4VCI 1.0 §4.1.1 asks for a non-empty array; the peer (0.4.6) accepts an empty one, Honnin does not.
        Assert.Null((await NodePeer.RunAsync(new JsonObject { ["command"] = "offer-resolve", ["link"] = emptyList }))["error"]);
        Assert.False(CredentialOfferLink.TryParse(emptyList, out _, out _));
    }
}

/// <summary>Credential Issuer metadata Honnin builds, checked by @openid4vc/openid4vci 0.4.6's own schema.</summary>
public sealed class IssuerMetadataInteropTests
{
    [Fact]
    public async Task The_peer_accepts_honnins_metadata_and_knows_every_configuration()
    {
        var types = DocumentTypes.DocumentTypeRegistry.CreateDefault();
        Assert.True(types.TryGet("withholding-slip", out var slip));
        Assert.True(types.TryGet("enrollment-certificate", out var enrollment));
        var metadata = Honnin.Issuer.Offers.IssuerMetadataBuilder.Build(
            "https://payroll.example.jp",
            [slip, enrollment],
            "株式会社本人",
            "Honnin Co., Ltd.",
            batchSize: 10);

        var response = await NodePeer.RunAsync(new JsonObject { ["command"] = "metadata-check", ["metadata"] = metadata.ToJson() });

        Assert.True(response["valid"]!.GetValue<bool>(), response["error"]?.GetValue<string>());
        Assert.Equal(metadata.Configurations.Keys.Order(StringComparer.Ordinal), response["known"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("withholding_slip_mso_mdoc", metadata.Configurations.Keys);

        // The check can fail: without its credential endpoint the same metadata is refused.
        var broken = metadata.ToJson();
        broken.Remove("credential_endpoint");
        Assert.False((await NodePeer.RunAsync(new JsonObject { ["command"] = "metadata-check", ["metadata"] = broken }))["valid"]!.GetValue<bool>());
    }
}
