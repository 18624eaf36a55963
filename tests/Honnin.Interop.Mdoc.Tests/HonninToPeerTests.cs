using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Interop.Mdoc.Tests.Support;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Tests.Issuance;
using Honnin.Verifier;

namespace Honnin.Interop.Mdoc.Tests;

/// <summary>Honnin issues and the person's wallet presents; the independent peer verifies.</summary>
public sealed class HonninToPeerTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Enrollment = HonninDocumentTypes.EnrollmentCertificateDocType;
    private const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    private static readonly (string NameSpace, string Identifier)[] SlipSelection =
        [(Slip, "payment_amount"), (Slip, "withholding_tax_amount"), (Slip, "issue_date"), (Iso, "family_name"), (Iso, "birth_date")];

    private readonly InteropPki _pki = new();
    private readonly InMemoryCredentialStore _store = new();
    private readonly InMemoryDeviceKeyResolver _keys = new();
    private readonly List<SoftwareSigner> _deviceKeys = [];
    private readonly MdocHolder _holder;

    public HonninToPeerTests()
    {
        _holder = new MdocHolder(_store, _keys);
    }

    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task Peer_verifies_a_withholding_slip_subset_with_device_signature_and_reports_what_Honnin_disclosed(MdocPeer peer)
    {
        var transcript = Sessions.OpenId4Vp("honnin-to-peer-1");
        var response = await PresentAsync("withholding-slip", TestIssuer.SlipClaims(), Slip, SlipSelection, transcript);
        Assert.NotNull(response.Documents[0].DeviceSigned.DeviceSignature);

        var result = await Peers.VerifyAsync(peer, response.Encoded.EncodedBytes, _pki.IacaPem, transcript);

        Assert.True(result.Valid, result.Describe());
        var document = Assert.Single(result.Documents);
        Assert.Equal(Slip, document.DocType);
        Assert.Equal(Disclosures.Of(response.Documents[0]), Disclosures.Of(document));
        Assert.Equal(
            SlipSelection.Select(s => s.NameSpace + "/" + s.Identifier).Order(StringComparer.Ordinal),
            document.Elements.SelectMany(ns => ns.Value!.AsObject().Select(e => ns.Key + "/" + e.Key)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task Peer_verifies_an_enrollment_certificate_with_a_boolean_and_dates_and_reports_what_Honnin_disclosed(MdocPeer peer)
    {
        var transcript = Sessions.OpenId4Vp("honnin-to-peer-2");
        var response = await PresentAsync(
            "enrollment-certificate",
            TestIssuer.EnrollmentClaims(),
            Enrollment,
            [(Iso, "age_over_18"), (Enrollment, "school_name"), (Enrollment, "enrollment_status"), (Enrollment, "expiry_date")],
            transcript);

        var result = await Peers.VerifyAsync(peer, response.Encoded.EncodedBytes, _pki.IacaPem, transcript);

        Assert.True(result.Valid, result.Describe());
        Assert.Equal(Disclosures.Of(response.Documents[0]), Disclosures.Of(Assert.Single(result.Documents)));
    }

    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task Peer_rejects_a_Honnin_response_presented_over_another_transcript(MdocPeer peer)
    {
        var response = await PresentAsync("withholding-slip", TestIssuer.SlipClaims(), Slip, SlipSelection, Sessions.OpenId4Vp("nonce-presented"));

        var result = await Peers.VerifyAsync(peer, response.Encoded.EncodedBytes, _pki.IacaPem, Sessions.OpenId4Vp("nonce-expected"));

        Assert.False(result.Valid);
        Assert.Contains(result.Checks, c => c.Status == "FAILED" && c.Check == "Device signature must be valid");
    }

    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task Peer_and_Honnin_reject_a_response_whose_disclosed_item_was_altered(MdocPeer peer)
    {
        var transcript = Sessions.OpenId4Vp("honnin-to-peer-3");
        var response = await PresentAsync("withholding-slip", TestIssuer.SlipClaims(), Slip, SlipSelection, transcript);
        var item = response.Documents[0].IssuerSigned.NameSpaces[Slip].Single(i => i.ElementIdentifier == "payment_amount");
        var altered = ResponseBytes.ReplaceItem(response, item, ResponseBytes.WithRandomByteFlipped(item));

        var result = await Peers.VerifyAsync(peer, altered, _pki.IacaPem, transcript);

        Assert.False(result.Valid);
        Assert.Contains(result.Checks, c => c.Status == "FAILED" && c.Check.Contains(Slip + "/payment_amount", StringComparison.Ordinal));
        Assert.Equal([VerificationFailureCodes.DigestMismatch], _pki.Verifier().Verify(altered, new(transcript)).Failures.Select(f => f.Code));
    }

    [Fact]
    public async Task Auth0_verifies_a_Honnin_device_MAC_over_an_ISO_18013_5_QR_engagement()
    {
        using var readerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var transcript = Sessions.QrHandover(readerKey);
        var response = await PresentAsync("withholding-slip", TestIssuer.SlipClaims(), Slip, SlipSelection, transcript, Sessions.PublicKey(readerKey));
        Assert.NotNull(response.Documents[0].DeviceSigned.DeviceMac);

        var result = await Peers.VerifyAsync(MdocPeer.Auth0, response.Encoded.EncodedBytes, _pki.IacaPem, transcript, readerKey);

        Assert.True(result.Valid, result.Describe());
        Assert.Contains(result.Checks, c => c.Status == "PASSED" && c.Check == "Device MAC must be valid");
        Assert.Equal(Disclosures.Of(response.Documents[0]), Disclosures.Of(Assert.Single(result.Documents)));
        using var otherReader = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Assert.False((await Peers.VerifyAsync(MdocPeer.Auth0, response.Encoded.EncodedBytes, _pki.IacaPem, transcript, otherReader)).Valid);
    }

    /// <summary>
    /// @owf/mdoc 0.6.0 cannot verify a device MAC. Its verifier compares the algorithm's name ("HS256") with the number 5
    /// and reports "Device MAC must use alg 5 (HMAC 256/256)" as FAILED without looking at the tag. Its MAC primitive,
    /// DeviceMac.verify, builds MAC_structure without the external_aad element (three items, where RFC 9052 §6.3 has four),
    /// so it refuses the MAC that @auth0/mdl accepts over the same bytes.
    /// </summary>
    [Fact]
    public async Task Owf_cannot_verify_a_Honnin_device_MAC_that_auth0_accepts()
    {
        using var readerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var transcript = Sessions.QrHandover(readerKey);
        var response = await PresentAsync("withholding-slip", TestIssuer.SlipClaims(), Slip, SlipSelection, transcript, Sessions.PublicKey(readerKey));

        var owf = await Peers.VerifyAsync(MdocPeer.Owf, response.Encoded.EncodedBytes, _pki.IacaPem, transcript, readerKey);

        Assert.Equal(["Device MAC must use alg 5 (HMAC 256/256)"], owf.Checks.Where(c => c.Status == "FAILED").Select(c => c.Check));
        Assert.Equal([false], await Peers.VerifyDeviceMacWithOwfAsync(response.Encoded.EncodedBytes, transcript, readerKey));
        Assert.True((await Peers.VerifyAsync(MdocPeer.Auth0, response.Encoded.EncodedBytes, _pki.IacaPem, transcript, readerKey)).Valid);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _deviceKeys.ForEach(k => k.Dispose());
    }

    private async Task<DeviceResponse> PresentAsync(
        string type,
        DocumentClaims claims,
        string docType,
        IEnumerable<(string NameSpace, string Identifier)> selection,
        SessionTranscript transcript,
        CoseKey? readerKey = null)
    {
        var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _deviceKeys.Add(deviceKey);
        _keys.Add(deviceKey);
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest(type, claims, deviceKey.PublicKey));
        await _holder.StoreAsync(issued.Encode());
        var plan = await _holder.PlanSelectionAsync(docType, selection);
        Assert.Equal(selection.Count(), plan.Disclosed.Count());
        return await _holder.RespondAsync(plan, transcript, readerKey);
    }
}
