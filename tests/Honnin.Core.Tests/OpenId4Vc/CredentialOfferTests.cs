using Honnin.OpenId4Vc;

namespace Honnin.Core.Tests.OpenId4Vc;

/// <summary>
/// Credential Offers (OpenID4VCI 1.0 §4.1): the specification's shapes read and round-trip, by value and by reference,
/// and an offer a wallet could not use safely is refused with one code.
/// </summary>
public sealed class CredentialOfferTests
{
    // The shape of the specification's pre-authorized code example (§4.1.1), with Honnin's own values.
    private const string PreAuthorized = """
        {
          "credential_issuer": "https://payroll.example.jp",
          "credential_configuration_ids": ["withholding_slip_dc_sd_jwt", "withholding_slip_mso_mdoc"],
          "grants": {
            "urn:ietf:params:oauth:grant-type:pre-authorized_code": {
              "pre-authorized_code": "oaKazRN8I0IbtZ0C7JuMn5",
              "tx_code": { "length": 4, "input_mode": "numeric", "description": "4桁の番号は人事部からのメールにあります" }
            },
            "authorization_code": { "issuer_state": "eyJhbGciOiJSU0Et...FYUaBy" }
          },
          "some_future_member": true
        }
        """;

    [Fact]
    public void An_offer_with_both_grants_and_a_transaction_code_reads_every_member()
    {
        var offer = CredentialOffer.Parse(PreAuthorized);

        Assert.Equal("https://payroll.example.jp", offer.CredentialIssuer);
        Assert.Equal(["withholding_slip_dc_sd_jwt", "withholding_slip_mso_mdoc"], offer.CredentialConfigurationIds);
        Assert.Equal("oaKazRN8I0IbtZ0C7JuMn5", offer.PreAuthorizedCode!.PreAuthorizedCode);
        Assert.Equal(new TransactionCodeSpec("numeric", 4, "4桁の番号は人事部からのメールにあります"), offer.PreAuthorizedCode.TransactionCode);
        Assert.Equal("eyJhbGciOiJSU0Et...FYUaBy", offer.AuthorizationCode!.IssuerState);
        Assert.DoesNotContain("oaKazRN8", offer.PreAuthorizedCode.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_tx_code_object_still_requires_a_transaction_code()
    {
        var offer = CredentialOffer.Parse("""{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"c","tx_code":{}}}}""");

        Assert.Equal(new TransactionCodeSpec("numeric"), offer.PreAuthorizedCode!.TransactionCode);
    }

    [Fact]
    public void An_offer_round_trips_by_value_and_by_reference()
    {
        var offer = CredentialOffer.Parse(PreAuthorized);

        var byValue = CredentialOfferLink.ByValue(offer);
        Assert.StartsWith("openid-credential-offer://?credential_offer=%7B", byValue, StringComparison.Ordinal);
        var read = CredentialOfferLink.Parse(byValue).Offer!;
        Assert.Equal(offer.ToJson().ToJsonString(), read.ToJson().ToJsonString());
        Assert.Equal(offer.PreAuthorizedCode, read.PreAuthorizedCode);

        var byReference = CredentialOfferLink.ByReference(new Uri("https://payroll.example.jp/offers/4f2b?x=1"));
        Assert.Equal("openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fpayroll.example.jp%2Foffers%2F4f2b%3Fx%3D1", byReference);
        Assert.Equal(new Uri("https://payroll.example.jp/offers/4f2b?x=1"), CredentialOfferLink.Parse(byReference).OfferUri);
        Assert.Null(CredentialOfferLink.Parse(byReference).Offer);
        Assert.StartsWith("https://wallet.example.jp/offer?credential_offer=", CredentialOfferLink.ByValue(offer, "https://wallet.example.jp/offer"), StringComparison.Ordinal);
    }

    public static TheoryData<string> UnusableOffers => new()
    {
        "[]",
        "not json",
        """{"credential_configuration_ids":["a"]}""",
        """{"credential_issuer":"http://payroll.example.jp","credential_configuration_ids":["a"]}""",
        """{"credential_issuer":"https://payroll.example.jp?x=1","credential_configuration_ids":["a"]}""",
        """{"credential_issuer":"https://payroll.example.jp#f","credential_configuration_ids":["a"]}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":[]}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a","a"]}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a", 7]}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":[]}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{}}}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"c","tx_code":{"input_mode":"emoji"}}}}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"c","tx_code":{"length":0}}}}""",
        """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":{"authorization_code":{"authorization_server":"http://as.example.jp"}}}""",
    };

    [Theory]
    [MemberData(nameof(UnusableOffers))]
    public void An_offer_a_wallet_cannot_use_safely_is_refused(string json)
    {
        var error = Assert.Throws<CredentialFormatException>(() => CredentialOffer.Parse(json));

        Assert.Equal(OpenId4VcFailureCodes.OfferMalformed, error.Code);
    }

    [Theory]
    [InlineData("https://payroll.example.jp/offer")]
    [InlineData("openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fpayroll.example.jp%2Fo")]
    [InlineData("openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=https%3A%2F%2Fa.example%2Fo")]
    [InlineData("openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fa.example%2Fo&credential_offer_uri=https%3A%2F%2Fb.example%2Fo")]
    [InlineData("openid4vp://?request_uri=https%3A%2F%2Fa.example%2Fr")]
    [InlineData("openid-credential-offer://?credential_offer=%7Bnot%20json")]
    public void A_link_that_carries_no_usable_offer_is_refused(string link)
    {
        Assert.False(CredentialOfferLink.TryParse(link, out _, out var error));
        Assert.Equal(OpenId4VcFailureCodes.OfferMalformed, error.Code);
    }

    [Fact]
    public void A_description_longer_than_300_characters_is_refused()
    {
        var json = """{"credential_issuer":"https://payroll.example.jp","credential_configuration_ids":["a"],"grants":{"urn:ietf:params:oauth:grant-type:pre-authorized_code":{"pre-authorized_code":"c","tx_code":{"description":"DESCRIPTION"}}}}""";

        Assert.NotNull(CredentialOffer.Parse(json.Replace("DESCRIPTION", new string('x', 300), StringComparison.Ordinal)).PreAuthorizedCode!.TransactionCode);
        Assert.Throws<CredentialFormatException>(() => CredentialOffer.Parse(json.Replace("DESCRIPTION", new string('x', 301), StringComparison.Ordinal)));
    }
}
