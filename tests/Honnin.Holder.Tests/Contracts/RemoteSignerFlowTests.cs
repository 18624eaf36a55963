using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Mdoc;
using Honnin.SdJwt;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Holder.Tests.Contracts;

/// <summary>
/// Both formats issued and presented with signers shaped like remote services (the Document Signer key and the device
/// key each behind a queue that signs later on another thread): issuing, device authentication and key binding only
/// ever use <see cref="ISigner"/>, so a KMS, an HSM or a secure element can stand in for a software key.
/// </summary>
public sealed class RemoteSignerFlowTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;

    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddDays(1));
    private readonly SoftwareSigner _deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
    private readonly InMemoryCredentialStore _store = new();
    private readonly InMemoryDeviceKeyResolver _keys = new();

    public RemoteSignerFlowTests() => _keys.Add(new QueuedRemoteSigner(_deviceKey));

    [Fact]
    public async Task An_mdoc_signed_by_a_remote_document_signer_and_presented_with_a_remote_device_key_verifies()
    {
        var issuer = new MdocIssuer(
            new MdocIssuerOptions { Signer = new QueuedRemoteSigner(_pki.Signer), CertificateChain = [_pki.DocumentSigner.RawData] },
            new FakeTimeProvider(TestIssuer.Now));
        var issued = await issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), _deviceKey.PublicKey));
        var holder = new MdocHolder(_store, _keys, new HolderOptions(), timeProvider: _clock);
        await holder.StoreAsync(issued.Encode());
        var transcript = SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "nonce-remote", null, "https://employer.example.jp/response");

        var plan = await holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
        var response = await holder.RespondAsync(plan, transcript);
        var result = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors }, _clock)
            .Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal(["payment_amount"], Assert.Single(result.Documents).Elements[Slip].Keys);
    }

    [Fact]
    public async Task An_sd_jwt_vc_signed_by_a_remote_issuer_key_and_bound_with_a_remote_device_key_verifies()
    {
        var issuer = new SdJwtVcIssuer(
            new SdJwtVcIssuerOptions { Signer = new QueuedRemoteSigner(_pki.Signer), Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] },
            new FakeTimeProvider(TestIssuer.Now));
        var issued = await issuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), _deviceKey.PublicKey));
        var holder = new SdJwtVcHolder(_store, _keys, new HolderOptions(), timeProvider: _clock);
        await holder.StoreAsync(issued.Serialize());

        var plan = await holder.PlanSelectionAsync("urn:honnin:jp:withholding-slip:1", [ClaimPath.Parse("payment_amount")]);
        var presentation = await holder.RespondAsync(plan, "x509_san_dns:employer.example.jp", "nonce-remote");
        var result = new SdJwtVcVerifier(
            new SdJwtVcVerifierOptions { TrustAnchors = _pki.TrustAnchors },
            _clock).Verify(presentation!, new SdJwtSession("x509_san_dns:employer.example.jp", "nonce-remote"));

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        Assert.Equal(5_000_000, result.Documents[0].Claims!["payment_amount"]!.GetValue<long>());
        Assert.Null(result.Documents[0].Claims!["family_name"]);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _deviceKey.Dispose();
    }
}
