using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Pseudonyms;
using Honnin.Tests.Issuance;

namespace Honnin.Issuer.Tests;

/// <summary>An issuance request keeps what it was given: changing the caller's claims or pseudonyms afterwards changes nothing.</summary>
public sealed class IssuanceRequestTests
{
    private static readonly Crypto.CoseKey Key = TestIssuer.NewDeviceKey(out _);

    [Fact]
    public void An_mdoc_request_keeps_a_read_only_copy_of_its_claims_and_pseudonyms()
    {
        var claims = TestIssuer.SlipClaims();
        var pseudonyms = new Dictionary<PseudonymDomain, string> { [PseudonymDomain.Tax] = "v1.k1.aaaa" };
        var request = new MdocIssuanceRequest("withholding-slip", claims, Key) { Pseudonyms = pseudonyms };

        claims.Add(HonninDocumentTypes.WithholdingSlipDocType, "payer_corporate_number", new CborTextString("1234567890123"));
        pseudonyms[PseudonymDomain.Welfare] = "v1.k1.bbbb";

        Assert.False(request.Claims.Contains(HonninDocumentTypes.WithholdingSlipDocType, "payer_corporate_number"));
        Assert.True(request.Claims.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => request.Claims.Add("ns", "x", new CborTextString("y")));
        Assert.Equal([PseudonymDomain.Tax], request.Pseudonyms.Keys);
        Assert.Same(request.Claims, (request with { DeviceKey = Key }).Claims);
    }

    [Fact]
    public void An_sd_jwt_request_keeps_a_read_only_copy_of_its_claims_and_pseudonyms()
    {
        var claims = TestIssuer.SlipClaims();
        var pseudonyms = new Dictionary<PseudonymDomain, string> { [PseudonymDomain.Tax] = "v1.k1.aaaa" };
        var request = new SdJwtVcIssuanceRequest("withholding-slip", claims, Key) { Pseudonyms = pseudonyms };

        claims.Add(HonninDocumentTypes.WithholdingSlipDocType, "payer_corporate_number", new CborTextString("1234567890123"));
        pseudonyms.Clear();

        Assert.Equal(TestIssuer.SlipClaims().Count, request.Claims.Count);
        Assert.Equal([PseudonymDomain.Tax], request.Pseudonyms.Keys);
        Assert.Equal(claims.Count, (request with { Claims = claims }).Claims.Count);
    }
}
