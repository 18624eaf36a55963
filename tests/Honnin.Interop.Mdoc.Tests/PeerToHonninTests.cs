using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Cose;
using Honnin.DocumentTypes;
using Honnin.Interop.Mdoc.Tests.Support;
using Honnin.Verifier;
using Honnin.Verifier.Mdoc;

namespace Honnin.Interop.Mdoc.Tests;

/// <summary>The independent peer issues and presents; Honnin's verifier, trusting the IACA the test made, verifies.</summary>
public sealed class PeerToHonninTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    private readonly InteropPki _pki = new();

    /// <summary>A withholding slip as a peer issues it: text (Japanese), integers, full-dates, a boolean and a map.</summary>
    private static JsonObject SlipClaims() => new()
    {
        [Iso] = new JsonObject
        {
            ["family_name"] = "山田",
            ["given_name"] = "太郎",
            ["birth_date"] = new JsonObject { ["$fullDate"] = "1985-04-01" },
            ["age_over_18"] = true,
        },
        [Slip] = new JsonObject
        {
            ["tax_year"] = 2025,
            ["full_name"] = "山田 太郎",
            ["payment_amount"] = 5_000_000,
            ["withholding_tax_amount"] = 120_000,
            ["dependents"] = new JsonObject { ["specified"] = 1, ["elderly"] = 0 },
            ["issue_date"] = new JsonObject { ["$fullDate"] = "2026-01-31" },
        },
    };

    private static readonly Dictionary<string, string[]> SlipDisclosure = new()
    {
        [Slip] = ["payment_amount", "withholding_tax_amount", "dependents", "issue_date"],
        [Iso] = ["family_name", "age_over_18"],
    };

    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task Honnin_verifies_a_peer_issued_withholding_slip_with_device_signature_and_reveals_what_the_peer_disclosed(MdocPeer peer)
    {
        var transcript = Sessions.OpenId4Vp("peer-to-honnin-1");
        var response = await Peers.IssueAndPresentAsync(peer, _pki, new PeerIssuance(Slip, SlipClaims(), SlipDisclosure, transcript, MsoValidity.Usual(_pki.Now)));

        var result = _pki.Verifier().Verify(response, new MdocSession(transcript));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + ": " + f.Message)));
        var document = Assert.Single(result.Documents);
        Assert.Equal(Slip, document.DocType);
        Assert.Equal(Disclosures.Subset(SlipClaims(), SlipDisclosure), Disclosures.Of(document));
    }

    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task Honnin_rejects_a_peer_response_presented_over_another_transcript(MdocPeer peer)
    {
        var response = await Peers.IssueAndPresentAsync(peer, _pki, new PeerIssuance(Slip, SlipClaims(), SlipDisclosure, Sessions.OpenId4Vp("nonce-presented"), MsoValidity.Usual(_pki.Now)));

        var result = _pki.Verifier().Verify(response, new MdocSession(Sessions.OpenId4Vp("nonce-expected")));

        Assert.Equal([VerificationFailureCodes.DeviceSignatureInvalid], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public async Task Honnin_verifies_an_auth0_device_MAC_over_an_ISO_18013_5_QR_engagement()
    {
        using var readerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var transcript = Sessions.QrHandover(readerKey);
        var response = await Peers.IssueAndPresentAsync(MdocPeer.Auth0, _pki, new PeerIssuance(Slip, SlipClaims(), SlipDisclosure, transcript, MsoValidity.Usual(_pki.Now), Sessions.PublicKey(readerKey)));

        var result = _pki.Verifier().Verify(response, new MdocSession(transcript, readerKey));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code + ": " + f.Message)));
        Assert.Equal(Disclosures.Subset(SlipClaims(), SlipDisclosure), Disclosures.Of(Assert.Single(result.Documents)));
    }

    /// <summary>
    /// @owf/mdoc 0.6.0 cannot produce a valid device MAC. DeviceResponse.create puts the device key's algorithm (here ES256,
    /// -7) into the COSE_Mac0's protected header, which Honnin refuses while decoding and @auth0/mdl refuses as not alg 5.
    /// Labelling the device key "HS256" gets alg 5 into the header, but the tag is still computed over a MAC_structure
    /// without external_aad (three items instead of RFC 9052's four), and Honnin then reports device_mac_invalid.
    /// </summary>
    [Fact]
    public async Task An_owf_device_MAC_carries_the_signature_algorithm_and_is_refused_by_Honnin_and_auth0()
    {
        using var readerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var transcript = Sessions.QrHandover(readerKey);
        var response = await Peers.IssueAndPresentAsync(MdocPeer.Owf, _pki, new PeerIssuance(Slip, SlipClaims(), SlipDisclosure, transcript, MsoValidity.Usual(_pki.Now), Sessions.PublicKey(readerKey)));

        var result = _pki.Verifier().Verify(response, new MdocSession(transcript, readerKey));
        var auth0 = await Peers.VerifyAsync(MdocPeer.Auth0, response, _pki.IacaPem, transcript, readerKey);

        Assert.Equal([CoseFailureCodes.UnsupportedAlgorithm], result.Failures.Select(f => f.Code));
        Assert.Contains(auth0.Checks, c => c.Status == "FAILED" && c.Check == "Device MAC must use alg 5 (HMAC 256/256)");
    }

    public void Dispose() => _pki.Dispose();
}
