using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Cose;
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
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Interop.Mdoc.Tests;

/// <summary>
/// Responses that ISO/IEC 18013-5 requires a reader to refuse, which a peer nevertheless accepts. Each test shows the
/// peer's verdict on the bytes and asserts that Honnin refuses the same bytes with the specific failure code.
/// </summary>
public sealed class PeerLeniencyTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    private static readonly JsonObject Claims = new()
    {
        [Iso] = new JsonObject { ["family_name"] = "山田" },
        [Slip] = new JsonObject { ["payment_amount"] = 5_000_000, ["issue_date"] = new JsonObject { ["$fullDate"] = "2026-01-31" } },
    };

    private static readonly Dictionary<string, string[]> Disclosure = new() { [Slip] = ["payment_amount"], [Iso] = ["family_name"] };

    private readonly InteropPki _pki = new();
    private readonly SoftwareSigner _deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    /// <summary>
    /// ISO 18013-5 §9.3.1: the reader shall check that the MSO docType matches the Document's docType. @owf/mdoc 0.6.0
    /// does not compare them, so a withholding slip relabelled by its holder as an enrollment certificate (the device
    /// signature covers the new label, the issuer signature the old) is accepted under the new docType. @auth0/mdl refuses
    /// it while parsing ("The issuerAuth docType must be …").
    /// </summary>
    [Fact]
    public async Task A_document_relabelled_with_another_docType_is_accepted_by_owf_and_refused_by_Honnin_as_doctype_mismatch()
    {
        const string forged = HonninDocumentTypes.EnrollmentCertificateDocType;
        var transcript = Sessions.OpenId4Vp("leniency-doctype");
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), _deviceKey.PublicKey));
        var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(issued.Encode())).Select((_, item) => item.ElementIdentifier == "payment_amount");
        var nameSpaces = DeviceSigned.EmptyNameSpaces();
        var signature = await CoseSign1Message.CreateAsync(
            _deviceKey, DeviceAuthentication.BuildBytes(transcript.EncodedBytes.Span, forged, nameSpaces), CosePayloadMode.Detached);
        var response = DeviceResponse.Create([MdocDocument.Create(forged, issuerSigned, DeviceSigned.Create(nameSpaces, signature, null))]).Encoded.EncodedBytes;

        var owf = await Peers.VerifyAsync(MdocPeer.Owf, response, _pki.IacaPem, transcript);
        var auth0 = await Peers.VerifyAsync(MdocPeer.Auth0, response, _pki.IacaPem, transcript);

        Assert.True(owf.Valid, owf.Describe());
        Assert.Equal(forged, Assert.Single(owf.Documents).DocType);
        Assert.False(auth0.Valid);
        Assert.Equal([VerificationFailureCodes.DocTypeMismatch], HonninFailures(response, transcript));
    }

    /// <summary>
    /// The digest covers IssuerSignedItemBytes as sent (ISO 18013-5 §9.1.2.5). @owf/mdoc 0.6.0 hashes its own re-encoding
    /// of the decoded item instead (the library's issue #247), so an item whose salt length was rewritten in a longer head
    /// (same values, other bytes, a digest the issuer never signed) passes its digest check. @auth0/mdl hashes the received
    /// bytes and refuses it. Honnin accepts the encoding by default (with the warning cbor_non_shortest) and refuses the
    /// item because its received bytes do not match the issuer's digest; a strict Honnin verifier refuses the encoding itself.
    /// </summary>
    [Fact]
    public async Task An_item_rewritten_with_a_non_shortest_length_passes_owf_and_is_refused_by_Honnin()
    {
        var transcript = Sessions.OpenId4Vp("leniency-reencoding");
        var keys = new InMemoryDeviceKeyResolver();
        keys.Add(_deviceKey);
        var holder = new MdocHolder(new InMemoryCredentialStore(), keys);
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), _deviceKey.PublicKey));
        await holder.StoreAsync(issued.Encode());
        var presented = await holder.RespondAsync(await holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount"), (Iso, "family_name")]), transcript);
        var item = presented.Documents[0].IssuerSigned.NameSpaces[Slip].Single();
        var response = ResponseBytes.ReplaceItem(presented, item, ResponseBytes.WithNonShortestSaltLength(item));

        var owf = await Peers.VerifyAsync(MdocPeer.Owf, response, _pki.IacaPem, transcript);
        var auth0 = await Peers.VerifyAsync(MdocPeer.Auth0, response, _pki.IacaPem, transcript);

        Assert.True(owf.Valid, owf.Describe());
        Assert.Contains(auth0.Checks, c => c.Status == "FAILED" && c.Check.Contains(Slip + "/payment_amount", StringComparison.Ordinal));
        Assert.Equal([VerificationFailureCodes.DigestMismatch], HonninFailures(response, transcript));
        var strict = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors, AcceptNonShortestEncoding = false });
        Assert.Equal([CborFailureCodes.NonShortestEncoding], strict.Verify(response, new MdocSession(transcript)).Failures.Select(f => f.Code));
    }

    /// <summary>
    /// ISO 18013-5 §9.1.2.4: validFrom shall be equal to or later than signed. Both peers' issuers write an MSO valid from
    /// a day before it was signed when asked to, and both peers' verifiers accept it (they check only that now lies
    /// between validFrom and validUntil, and signed inside the certificate's validity).
    /// </summary>
    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task An_MSO_valid_from_before_it_was_signed_is_accepted_by_the_peer_and_refused_by_Honnin_as_inconsistent(MdocPeer peer)
    {
        var transcript = Sessions.OpenId4Vp("leniency-validity");
        var validity = new MsoValidity(_pki.Now.AddMinutes(-1), _pki.Now.AddDays(-1), _pki.Now.AddDays(30));
        var response = await Peers.IssueAndPresentAsync(peer, _pki, new PeerIssuance(Slip, Claims, Disclosure, transcript, validity));

        var verdict = await Peers.VerifyAsync(peer, response, _pki.IacaPem, transcript);

        Assert.True(verdict.Valid, verdict.Describe());
        Assert.Equal([VerificationFailureCodes.MsoValidityInconsistent], HonninFailures(response, transcript));
    }

    /// <summary>
    /// ISO 18013-5 Annex B.1.4: a Document Signer certificate carries the extended key usage 1.0.18013.5.1.2.
    /// @auth0/mdl validates the chain with pkijs (path, signatures, dates, CA constraints) and checks no EKU.
    /// @owf/mdoc has no certificate profile check of its own: chain validation is the injected MdocContext's, and the
    /// one here (lib/owf-context.mjs) checks path, signatures and dates as the library asks of it. Both accept a DS
    /// certificate without the EKU.
    /// </summary>
    [Theory]
    [InlineData(MdocPeer.Auth0)]
    [InlineData(MdocPeer.Owf)]
    public async Task A_Document_Signer_without_the_mdoc_EKU_is_accepted_by_the_peer_and_refused_by_Honnin(MdocPeer peer)
    {
        using var pki = new InteropPki(documentSignerEku: false);
        var transcript = Sessions.OpenId4Vp("leniency-eku");
        var response = await Peers.IssueAndPresentAsync(peer, pki, new PeerIssuance(Slip, Claims, Disclosure, transcript, MsoValidity.Usual(pki.Now)));

        var verdict = await Peers.VerifyAsync(peer, response, pki.IacaPem, transcript);

        Assert.True(verdict.Valid, verdict.Describe());
        Assert.Equal(
            [CertificateProblemCodes.DsMissingEku],
            pki.Verifier().Verify(response, new MdocSession(transcript)).Failures.Select(f => f.Code));
    }

    /// <summary>
    /// An MSO is not to be accepted after validUntil (ISO 18013-5 §9.3.1). @owf/mdoc applies a default clock skew of 30 s
    /// to validUntil (and validFrom, and to signed against the certificate), so it accepts an MSO that expired 10 s ago.
    /// @auth0/mdl compares without skew and refuses it; Honnin's default skew is zero.
    /// </summary>
    [Fact]
    public async Task An_MSO_that_expired_seconds_ago_is_accepted_by_owf_within_its_default_skew_and_refused_by_Honnin()
    {
        var transcript = Sessions.OpenId4Vp("leniency-expired");
        var now = TimeProvider.System.GetUtcNow();
        var validity = new MsoValidity(now.AddDays(-2), now.AddDays(-2), now.AddSeconds(-10));
        var response = await Peers.IssueAndPresentAsync(MdocPeer.Owf, _pki, new PeerIssuance(Slip, Claims, Disclosure, transcript, validity));

        var owf = await Peers.VerifyAsync(MdocPeer.Owf, response, _pki.IacaPem, transcript);
        var auth0 = await Peers.VerifyAsync(MdocPeer.Auth0, response, _pki.IacaPem, transcript);

        Assert.True(owf.Valid, owf.Describe());
        Assert.Contains(auth0.Checks, c => c.Status == "FAILED" && c.Check == "The MSO must be valid at the time of verification");
        Assert.Equal([VerificationFailureCodes.MsoExpired], HonninFailures(response, transcript));
    }

    public void Dispose()
    {
        _deviceKey.Dispose();
        _pki.Dispose();
    }

    private IEnumerable<string> HonninFailures(ReadOnlyMemory<byte> response, SessionTranscript transcript) =>
        _pki.Verifier().Verify(response, new MdocSession(transcript)).Failures.Select(f => f.Code);
}
