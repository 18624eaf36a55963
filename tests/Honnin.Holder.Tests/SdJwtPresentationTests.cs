using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.Registration;
using Honnin.SdJwt;
using Honnin.Tests.Issuance;
using Honnin.Verifier;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Holder.Tests;

/// <summary>The same document types as SD-JWT VCs: issuer → the person's wallet → verifier, with the same plan and policy as mdoc.</summary>
public sealed class SdJwtPresentationTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string SlipVct = "urn:honnin:jp:withholding-slip:1";

    private static readonly Dictionary<string, string> PersonPseudonyms = new[] { "employment", "tax", "welfare" }
        .ToDictionary(d => d, d => "v1.k1." + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData("test-pseudonym-key"u8, System.Text.Encoding.UTF8.GetBytes("subject-0002/" + d))));

    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddDays(2));
    private readonly ECDsa _registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _registrar;
    private readonly InMemoryCredentialStore _store = new();
    private readonly InMemoryDeviceKeyResolver _keys = new();
    private readonly List<IDisposable> _disposables = [];
    private readonly SdJwtVcHolder _holder;
    private readonly SdJwtVcIssuer _issuer;

    public SdJwtPresentationTests()
    {
        _registrar = MdocCertificateFactory.CreateIaca("JP", "Honnin Test Registrar", _registrarKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        _holder = new SdJwtVcHolder(_store, _keys, new HolderOptions { RegistrarTrustAnchors = TrustAnchorSet.Create([_registrar]) }, timeProvider: _clock);
        _issuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
    }

    private async Task IssueAsync(int count = 1)
    {
        var signers = Enumerable.Range(0, count).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
        signers.ForEach(s => { _keys.Add(s); _disposables.Add(s); });
        var claims = TestIssuer.SlipClaims().Add(Slip, "dependents_list", new Cbor.CborArray(
            Cbor.CborMap.FromText(("full_name", new Cbor.CborTextString("山田 花子")), ("category", new Cbor.CborTextString("spouse"))),
            Cbor.CborMap.FromText(("full_name", new Cbor.CborTextString("山田 一郎")), ("category", new Cbor.CborTextString("child")))));
        var batch = await _issuer.IssueBatchAsync(new SdJwtVcIssuanceRequest("withholding-slip", claims, signers[0].PublicKey) { Pseudonyms = TestIssuer.Typed(PersonPseudonyms) }, [.. signers.Select(s => s.PublicKey)]);
        foreach (var credential in batch)
        {
            await _holder.StoreAsync(credential.Serialize(), "batch");
        }
    }

    private (SoftwareSigner Key, byte[] Certificate) Register(string name, VerifierRegistration registration)
    {
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _disposables.Add(key);
        using var ecdsa = key.ExportECDsa();
        using var certificate = MdocCertificateFactory.CreateReaderAuthentication(_registrar, _registrarKey, name, ecdsa, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), registration);
        return (key, certificate.RawData);
    }

    private VerificationResult Verify(string presentation, SdJwtPresentationRequest request, params string[] domains) =>
        new SdJwtVcVerifier(
            new SdJwtVcVerifierOptions
            {
                TrustAnchors = _pki.TrustAnchors,
                PseudonymDomains = new HashSet<Honnin.Pseudonyms.PseudonymDomain>(domains.Select(Honnin.Pseudonyms.PseudonymDomain.Create)),
            },
            _clock).Verify(presentation, new SdJwtSession(request.Audience, request.Nonce));

    /// <summary>The OpenID4VP x509_hash client identifier of a certificate.</summary>
    internal static string ClientId(byte[] certificate) => "x509_hash:" + System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(certificate));

    private Task<SdJwtPresentationRequest> RequestAsync((SoftwareSigner Key, byte[] Certificate) verifier, string[] claims, string[] retain, string? audience = null) =>
        SdJwtPresentationRequestBuilder.CreateAsync(SlipVct, [.. claims.Select(ClaimPath.Parse)], [.. retain.Select(ClaimPath.Parse)], audience ?? ClientId(verifier.Certificate), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), verifier.Key, [verifier.Certificate], _clock.GetUtcNow());

    [Fact]
    public async Task A_withholding_slip_sd_jwt_vc_passes_through_the_person_to_a_registered_employer()
    {
        await IssueAsync();
        var employer = Register("New Employer", new VerifierRegistration(["employment", "tax"], "year-end adjustment", [Slip + "/payment_amount", HonninDocumentTypes.Iso23220NameSpace + "/family_name", Slip + "/dependents_list"]));
        var request = await RequestAsync(employer, ["payment_amount", "family_name", "dependents_list[0]", "pseudonyms.employment", "pseudonyms.tax", "remarks"], ["payment_amount"]);

        var plan = await _holder.PlanAsync(SdJwtPresentationRequest.Parse(request.ToString()));
        Assert.True(plan.Requester.Authenticated);
        var byPath = plan.Documents[0].Elements.ToDictionary(e => e.ClaimPath!);
        Assert.Equal(ElementDecision.Disclose, byPath["pseudonyms.tax"].Decision);
        Assert.Equal((ElementDecision.Excluded, ElementReason.OutsideRegistration), (byPath["remarks"].Decision, byPath["remarks"].Reason));
        Assert.True(byPath["payment_amount"].IntentToRetain);

        var presentation = await _holder.RespondAsync(plan, request);
        var result = Verify(presentation!, request, "employment", "tax");

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code + ": " + f.Message)));
        var claims = result.Documents[0].Claims!;
        Assert.Equal(5_000_000, claims["payment_amount"]!.GetValue<long>());
        Assert.Equal("山田", claims["family_name"]!.GetValue<string>());
        Assert.Equal("山田 花子", claims["dependents_list"]![0]!["full_name"]!.GetValue<string>());
        Assert.Single(claims["dependents_list"]!.AsArray());
        Assert.False(claims.ContainsKey("remarks"));
        Assert.False(claims.ContainsKey("given_name"));
        Assert.Equal(PersonPseudonyms["employment"], result.Documents[0].SubjectKeys!["employment"]);
        Assert.Equal(SlipVct, result.Documents[0].DocType);
    }

    [Fact]
    public async Task A_welfare_office_is_refused_the_employment_pseudonym()
    {
        await IssueAsync();
        var welfare = Register("Welfare Office", new VerifierRegistration(["welfare"], "welfare", [Slip + "/payment_amount"]));
        var request = await RequestAsync(welfare, ["payment_amount", "pseudonyms.employment", "pseudonyms.welfare"], []);

        var plan = await _holder.PlanAsync(request);
        var byPath = plan.Documents[0].Elements.ToDictionary(e => e.ClaimPath!);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (byPath["pseudonyms.employment"].Decision, byPath["pseudonyms.employment"].Reason));

        var result = Verify((await _holder.RespondAsync(plan, request))!, request, "welfare");
        Assert.True(result.IsValid);
        Assert.Equal(["welfare"], result.Documents[0].SubjectKeys!.Keys);
        Assert.False(result.Documents[0].Claims!["pseudonyms"]!.AsObject().ContainsKey("employment"));
    }

    [Fact]
    public async Task A_verifier_fails_a_presentation_carrying_another_domains_pseudonym()
    {
        await IssueAsync();
        var employer = Register("New Employer", new VerifierRegistration(["employment", "tax"], "p", [Slip + "/payment_amount"]));
        var request = await RequestAsync(employer, ["pseudonyms.tax"], []);
        var presentation = await _holder.RespondAsync(await _holder.PlanAsync(request), request);

        var result = Verify(presentation!, request, "welfare");

        Assert.False(result.IsValid);
        Assert.Contains(result.Failures, f => f.Code == VerificationFailureCodes.PseudonymForeignDomain);
    }

    [Fact]
    public async Task A_presentation_for_one_verifier_does_not_verify_for_another()
    {
        await IssueAsync();
        var employer = Register("New Employer", new VerifierRegistration([], "p", [Slip + "/payment_amount"]));
        var request = await RequestAsync(employer, ["payment_amount"], []);
        var presentation = await _holder.RespondAsync(await _holder.PlanAsync(request), request);
        var other = await RequestAsync(employer, ["payment_amount"], []);

        Assert.False(Verify(presentation!, other).IsValid);
    }

    [Fact]
    public async Task Batch_presentations_use_fresh_credentials_that_share_no_salt_or_signature()
    {
        await IssueAsync(2);
        var employer = Register("New Employer", new VerifierRegistration([], "p", [Slip + "/payment_amount"]));
        var presentations = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var request = await RequestAsync(employer, ["payment_amount"], []);
            var plan = await _holder.PlanAsync(request);
            Assert.False(plan.Documents[0].ReusesCredential);
            presentations.Add((await _holder.RespondAsync(plan, request))!);
            Assert.True(Verify(presentations[^1], request).IsValid);
        }

        var first = SelectiveDisclosureJwt.Parse(presentations[0]);
        var second = SelectiveDisclosureJwt.Parse(presentations[1]);
        Assert.NotEqual(first.IssuerSigned.EncodedSignature, second.IssuerSigned.EncodedSignature);
        Assert.Empty(first.Disclosures.Select(d => d.Salt).Intersect(second.Disclosures.Select(d => d.Salt)));
        Assert.Equal(first.GetIssuerPayload()["iat"]!.GetValue<long>(), second.GetIssuerPayload()["iat"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_issued_sd_jwt_that_already_carries_key_binding_is_refused()
    {
        await IssueAsync();
        var stored = (await _store.ListAsync())[0];
        var sdJwt = SelectiveDisclosureJwt.Parse(System.Text.Encoding.UTF8.GetString(stored.Data.Span));
        var signer = (SoftwareSigner)(await _keys.FindAsync(stored.DeviceKey))!;
        var withKb = await sdJwt.PresentAsync([ClaimPath.Parse("payment_amount")], "a", "n", TestIssuer.Now, signer);

        var error = await Assert.ThrowsAsync<CredentialFormatException>(() => _holder.StoreAsync(withKb.Serialize()));
        Assert.Contains("7.2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"vct\": 7}")]
    [InlineData("{\"vct\": \"urn:x\"}")]
    public async Task A_credential_without_a_vct_text_or_without_cnf_is_refused_with_the_format_exception(string payload)
    {
        var claims = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        claims["iss"] = "https://issuer.example.jp";
        var sdJwt = await new SdJwtBuilder(claims) { Type = "example+sd-jwt" }.BuildAsync(_pki.Signer);

        await Assert.ThrowsAsync<CredentialFormatException>(() => _holder.StoreAsync(sdJwt.Serialize()));
    }

    [Fact]
    public async Task One_iaca_anchors_both_formats()
    {
        await IssueAsync();
        var stored = (await _store.ListAsync())[0];
        var header = SelectiveDisclosureJwt.Parse(System.Text.Encoding.UTF8.GetString(stored.Data.Span)).IssuerSigned;

        Assert.Equal(_pki.DocumentSigner.RawData, header.X5c[0].ToArray());
        Assert.Equal("dc+sd-jwt", header.Type);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _registrar.Dispose();
        _registrarKey.Dispose();
        _disposables.ForEach(d => d.Dispose());
    }
}
