using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Registration;
using Honnin.Tests.Issuance;
using Honnin.Verifier;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Holder.Tests;

/// <summary>Issuer → the person's wallet → verifier, through the public API.</summary>
public sealed class MdocPresentationTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddDays(10));
    private readonly InMemoryCredentialStore _store = new();
    private readonly InMemoryDeviceKeyResolver _keys = new();
    private readonly List<SoftwareSigner> _deviceKeys = [];
    private readonly MdocHolder _holder;
    private readonly SessionTranscript _transcript = SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "nonce-1", null, "https://employer.example.jp/response");
    private readonly SessionTranscript _dcApi = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "nonce-dc", null);
    private readonly ECDsa _registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _registrar;
    private readonly SoftwareSigner _readerKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
    private readonly byte[] _readerCertificate;

    public MdocPresentationTests()
    {
        _registrar = MdocCertificateFactory.CreateIaca("JP", "Honnin Test Registrar", _registrarKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        var registration = new VerifierRegistration(["employment"], "year-end adjustment", [Slip + "/payment_amount", Slip + "/withholding_tax_amount", Slip + "/remarks", Iso + "/family_name", Iso + "/birth_date"]);
        using var readerPublic = _readerKey.ExportECDsa();
        using var reader = MdocCertificateFactory.CreateReaderAuthentication(_registrar, _registrarKey, "New Employer", readerPublic, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), registration);
        _readerCertificate = reader.RawData;
        _holder = new MdocHolder(_store, _keys, Options(), timeProvider: _clock);
    }

    private HolderOptions Options() => new() { RegistrarTrustAnchors = TrustAnchorSet.Create([_registrar]) };

    /// <summary>The request signed by a verifier the registrar registered, with a time, over the DC API transcript.</summary>
    private Task<DeviceRequest> SignedAsync(DeviceRequestBuilder builder) =>
        builder.BuildAsync(_dcApi, _readerKey, [_readerCertificate], _clock.GetUtcNow(), TimeSpan.FromMinutes(5));

    private async Task<StoredCredential> IssueToWalletAsync(string type, DocumentClaims claims, string? batchId = null)
    {
        var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _deviceKeys.Add(signer);
        _keys.Add(signer);
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest(type, claims, signer.PublicKey));
        return await _holder.StoreAsync(issued.Encode(), batchId);
    }

    private VerificationResult Verify(DeviceResponse response, SessionTranscript? transcript = null, ECDiffieHellman? readerKey = null) =>
        new MdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors }, _clock)
            .Verify(response.Encoded.EncodedBytes, new MdocSession(transcript ?? _transcript, readerKey));

    [Fact]
    public async Task Withholding_slip_passes_through_the_person_and_reveals_only_what_was_requested()
    {
        await IssueToWalletAsync("withholding-slip", TestIssuer.SlipClaims());
        var request = new DeviceRequestBuilder()
            .Request(Slip, Slip, "payment_amount", IntentToRetain.Retain)
            .Request(Slip, Slip, "withholding_tax_amount", IntentToRetain.Retain)
            .Request(Slip, Iso, "family_name", IntentToRetain.DoNotRetain);

        var plan = await _holder.PlanAsync(await SignedAsync(request), _dcApi);
        Assert.Equal(3, plan.Disclosed.Count());
        Assert.Equal(2, plan.Retained.Count());
        Assert.True(plan.Requester.Authenticated);

        var response = await _holder.RespondAsync(plan);
        var result = Verify(response, _dcApi);

        Assert.True(result.IsValid, string.Join("; ", result.Failures.Select(f => f.Code)));
        var elements = Assert.Single(result.Documents).Elements;
        Assert.Equal(["payment_amount", "withholding_tax_amount"], elements[Slip].Keys.Order());
        Assert.Equal(["family_name"], elements[Iso].Keys);
        Assert.Equal(5_000_000, Assert.IsType<CborInteger>(elements[Slip]["payment_amount"]).Value);
    }

    [Fact]
    public async Task A_credential_with_non_preferred_cbor_lengths_is_stored_and_presented()
    {
        using var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _keys.Add(signer);
        var issued = (await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), signer.PublicKey))).Encode().ToArray();
        Assert.Equal(0xa2, issued[0]);
        byte[] lax = [0xb8, 0x02, .. issued[1..]]; // the IssuerSigned map's length in two bytes, as some issuers write it

        await _holder.StoreAsync(lax);
        var plan = await _holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);

        Assert.True(Verify(await _holder.RespondAsync(plan, _transcript)).IsValid);
    }

    [Fact]
    public async Task Enrollment_certificate_passes_through_the_person()
    {
        await IssueToWalletAsync("enrollment-certificate", TestIssuer.EnrollmentClaims());
        var plan = await _holder.PlanSelectionAsync(HonninDocumentTypes.EnrollmentCertificateDocType, [(HonninDocumentTypes.EnrollmentCertificateDocType, "school_name"), (Iso, "age_over_18")]);

        var result = Verify(await _holder.RespondAsync(plan, _transcript));

        Assert.True(result.IsValid);
        Assert.True(Assert.IsType<CborBoolean>(result.Documents[0].Elements[Iso]["age_over_18"]).Value);
        Assert.Single(result.Documents[0].Elements[HonninDocumentTypes.EnrollmentCertificateDocType]);
    }

    [Fact]
    public async Task Sensitive_elements_wait_for_the_persons_confirmation()
    {
        await IssueToWalletAsync("withholding-slip", TestIssuer.SlipClaims());
        var request = new DeviceRequestBuilder()
            .Request(Slip, Slip, "remarks", IntentToRetain.Retain)
            .Request(Slip, Slip, "payment_amount", IntentToRetain.Retain);

        var signed = await SignedAsync(request);
        var plan = await _holder.PlanAsync(signed, _dcApi);
        var remarks = plan.AwaitingConfirmation.Single().Element;
        Assert.Equal("remarks", remarks.Identifier);
        Assert.Equal(ElementReason.SensitiveNeedsConfirmation, remarks.Reason);

        var unconfirmed = Verify(await _holder.RespondAsync(plan), _dcApi);
        Assert.DoesNotContain("remarks", unconfirmed.Documents[0].Elements[Slip].Keys);

        // A plan answers once; the second answer is planned anew (and, the only credential being spent, reuses it).
        var again = await _holder.PlanAsync(signed, _dcApi);
        Assert.True(again.Documents[0].ReusesCredential);
        var confirmed = Verify(await _holder.RespondAsync(again.Confirm(Slip, "remarks")), _dcApi);
        Assert.Contains("remarks", confirmed.Documents[0].Elements[Slip].Keys);
    }

    [Fact]
    public async Task The_person_can_narrow_the_plan_and_the_deny_list_refuses()
    {
        await IssueToWalletAsync("withholding-slip", TestIssuer.SlipClaims());
        var holder = new MdocHolder(_store, _keys, Options() with { DenyList = new HashSet<string> { "birth_date" } }, timeProvider: _clock);
        var request = new DeviceRequestBuilder()
            .Request(Slip, Iso, "birth_date", IntentToRetain.Retain)
            .Request(Slip, Iso, "family_name", IntentToRetain.Retain)
            .Request(Slip, Slip, "payment_amount", IntentToRetain.Retain)
            .Request(Slip, Slip, "housing_loan_deduction", IntentToRetain.Retain);

        var plan = await holder.PlanAsync(await SignedAsync(request), _dcApi);
        var byId = plan.Documents[0].Elements.ToDictionary(e => e.Identifier);
        Assert.Equal(ElementDecision.Refused, byId["birth_date"].Decision);
        Assert.Equal(ElementReason.OnDenyList, byId["birth_date"].Reason);
        Assert.Equal(ElementDecision.NotHeld, byId["housing_loan_deduction"].Decision);
        Assert.Single(plan.Missing);
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Iso, "birth_date"));

        var narrowed = plan.Exclude(Iso, "family_name");
        var result = Verify(await holder.RespondAsync(narrowed), _dcApi);
        Assert.Equal(["payment_amount"], result.Documents[0].Elements.SelectMany(ns => ns.Value.Keys));
    }

    [Fact]
    public async Task Device_mac_is_used_when_the_reader_ephemeral_key_is_known()
    {
        await IssueToWalletAsync("withholding-slip", TestIssuer.SlipClaims());
        using var readerKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var plan = await _holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);

        var response = await _holder.RespondAsync(plan, _transcript, CoseKey.FromECParameters(readerKey.ExportParameters(false)));

        Assert.NotNull(response.Documents[0].DeviceSigned.DeviceMac);
        Assert.True(Verify(response, readerKey: readerKey).IsValid);
        using var otherReader = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Assert.Contains(Verify(response, readerKey: otherReader).Failures, f => f.Code == VerificationFailureCodes.DeviceMacInvalid);
    }

    [Fact]
    public async Task A_response_is_bound_to_its_session_transcript()
    {
        await IssueToWalletAsync("withholding-slip", TestIssuer.SlipClaims());
        var plan = await _holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
        var response = await _holder.RespondAsync(plan, _transcript);

        var replay = Verify(response, SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "nonce-2", null, "https://employer.example.jp/response"));

        Assert.Equal([VerificationFailureCodes.DeviceSignatureInvalid], replay.Failures.Select(f => f.Code));
    }

    [Fact]
    public async Task Each_presentation_uses_an_unused_credential_of_the_batch_until_none_is_left()
    {
        var signers = Enumerable.Range(0, 2).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
        _deviceKeys.AddRange(signers);
        signers.ForEach(_keys.Add);
        var batch = await _pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), signers[0].PublicKey), [.. signers.Select(s => s.PublicKey)]);
        foreach (var credential in batch)
        {
            await _holder.StoreAsync(credential.Encode(), "batch-1");
        }

        var used = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var plan = await _holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
            Assert.Equal(i >= 2, plan.Documents[0].ReusesCredential);
            used.Add(plan.Documents[0].CredentialId!);
            Assert.True(Verify(await _holder.RespondAsync(plan, _transcript)).IsValid);
        }

        Assert.Equal(2, used.Take(2).Distinct().Count());
    }

    [Fact]
    public async Task The_log_records_who_and_which_elements_but_never_values()
    {
        await IssueToWalletAsync("withholding-slip", TestIssuer.SlipClaims());
        var plan = await _holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);
        await _holder.RespondAsync(plan, _transcript);

        var record = Assert.Single(await _holder.Log.ListAsync());
        Assert.Equal(Slip, record.DocType);
        Assert.Equal([Slip + "/payment_amount"], record.Elements);
        Assert.DoesNotContain("5000000", record.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_credential_every_element_is_not_held()
    {
        var plan = await _holder.PlanSelectionAsync(Slip, [(Slip, "payment_amount")]);

        Assert.Null(plan.Documents[0].CredentialId);
        Assert.Equal(ElementReason.NoCredential, plan.Documents[0].Elements[0].Reason);
        Assert.Empty((await _holder.RespondAsync(plan, _transcript)).Documents);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _deviceKeys.ForEach(k => k.Dispose());
        _readerKey.Dispose();
        _registrarKey.Dispose();
        _registrar.Dispose();
    }
}
