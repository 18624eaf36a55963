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

/// <summary>
/// Per-domain pseudonyms through the person: a registrar registers verifiers for domains; the wallet releases a domain's
/// pseudonym only to a verifier registered for it; verifiers join within their domain and fail foreign pseudonyms.
/// </summary>
public sealed class DomainPseudonymPolicyTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string Pseudonyms = HonninDocumentTypes.PseudonymNameSpace;

    // Values in the shape of the derivation in DESIGN.md ("v1." + kid + "." + base64url(HMAC-SHA256)), under a test key.
    private static readonly Dictionary<string, string> PersonPseudonyms = new[] { "employment", "tax", "welfare" }
        .ToDictionary(d => d, d => "v1.k1." + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData("test-pseudonym-key"u8, System.Text.Encoding.UTF8.GetBytes("subject-0001/" + d))));

    private readonly TestIssuer _pki = new();
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddDays(3));
    private readonly ECDsa _registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _registrar;
    private readonly InMemoryCredentialStore _store = new();
    private readonly InMemoryDeviceKeyResolver _keys = new();
    private readonly List<IDisposable> _disposables = [];
    private readonly MdocHolder _holder;

    public DomainPseudonymPolicyTests()
    {
        _registrar = MdocCertificateFactory.CreateIaca("JP", "Honnin Test Registrar", _registrarKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        _holder = new MdocHolder(_store, _keys, new HolderOptions { RegistrarTrustAnchors = TrustAnchorSet.Create([_registrar]) }, timeProvider: _clock);
    }

    private (SoftwareSigner Key, byte[] Certificate) Register(string name, VerifierRegistration? registration)
    {
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _disposables.Add(key);
        using var ecdsa = key.ExportECDsa();
        using var certificate = MdocCertificateFactory.CreateReaderAuthentication(_registrar, _registrarKey, name, ecdsa, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), registration);
        return (key, certificate.RawData);
    }

    private static VerifierRegistration EmployerRegistration => new(
        ["employment", "tax"],
        "給与所得の確認と年末調整 (checking income for the year-end adjustment)",
        [Slip + "/payment_amount", Slip + "/withholding_tax_amount", HonninDocumentTypes.Iso23220NameSpace + "/family_name"]);

    private static VerifierRegistration WelfareRegistration => new(["welfare"], "生活保護の審査 (welfare eligibility)", [Slip + "/payment_amount"]);

    private async Task IssueBatchAsync(int count)
    {
        var signers = Enumerable.Range(0, count).Select(_ => SoftwareSigner.Generate(CoseAlgorithm.ES256)).ToList();
        signers.ForEach(s => { _keys.Add(s); _disposables.Add(s); });
        var batch = await _pki.Issuer.IssueBatchAsync(
            new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), signers[0].PublicKey) { Pseudonyms = TestIssuer.Typed(PersonPseudonyms) },
            [.. signers.Select(s => s.PublicKey)]);
        foreach (var credential in batch)
        {
            await _holder.StoreAsync(credential.Encode(), "batch");
        }
    }

    private static async Task<DeviceRequest> RequestAsync(SessionTranscript transcript, (SoftwareSigner Key, byte[] Certificate) verifier, params (string NameSpace, string Identifier)[] elements)
    {
        var builder = new DeviceRequestBuilder();
        foreach (var (nameSpace, identifier) in elements)
        {
            builder.Request(Slip, nameSpace, identifier, IntentToRetain.Retain);
        }

        return await builder.BuildAsync(transcript, verifier.Key, [verifier.Certificate], TestIssuer.Now.AddDays(3), TimeSpan.FromMinutes(5));
    }

    private VerificationResult Verify(DeviceResponse response, SessionTranscript transcript, params string[] domains) =>
        new MdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors, PseudonymDomains = new HashSet<Honnin.Pseudonyms.PseudonymDomain>(domains.Select(Honnin.Pseudonyms.PseudonymDomain.Create)) }, _clock)
            .Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));

    [Fact]
    public void Registration_round_trips_through_the_certificate_extension()
    {
        var employer = Register("CN=New Employer", EmployerRegistration);
        using var certificate = X509CertificateLoader.LoadCertificate(employer.Certificate);

        Assert.True(VerifierRegistration.TryRead(certificate, out var registration));
        Assert.Equal(["employment", "tax"], registration.Domains);
        Assert.Equal(EmployerRegistration.Purpose, registration.Purpose);
        Assert.True(registration.Allows(Slip, "payment_amount"));
        Assert.False(registration.Allows(Slip, "remarks"));
        Assert.False(certificate.Extensions[VerifierRegistration.ExtensionOid]!.Critical);
    }

    [Fact]
    public async Task A_registered_employer_gets_its_domain_pseudonyms_and_joins_its_records_by_them()
    {
        await IssueBatchAsync(1);
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n1", null);
        var employer = Register("New Employer", EmployerRegistration);
        var request = await RequestAsync(transcript, employer, (Pseudonyms, "dp_employment"), (Pseudonyms, "dp_tax"), (Slip, "payment_amount"), (Slip, "remarks"));

        var plan = await _holder.PlanAsync(request, transcript);
        Assert.True(plan.Requester.Authenticated);
        Assert.Equal(EmployerRegistration.Purpose, plan.Requester.Purpose);
        var byId = plan.Documents[0].Elements.ToDictionary(e => e.Identifier);
        Assert.Equal(ElementDecision.Disclose, byId["dp_employment"].Decision);
        Assert.Equal(ElementDecision.Disclose, byId["dp_tax"].Decision);
        Assert.Equal((ElementDecision.Excluded, ElementReason.OutsideRegistration), (byId["remarks"].Decision, byId["remarks"].Reason));

        var result = Verify(await _holder.RespondAsync(plan, transcript), transcript, "employment", "tax");

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Equal(PersonPseudonyms["employment"], result.Documents[0].SubjectKeys!["employment"]);
        Assert.Equal(PersonPseudonyms["tax"], result.Documents[0].SubjectKeys!["tax"]);
    }

    [Fact]
    public async Task The_wallet_refuses_the_employment_pseudonym_to_a_welfare_office()
    {
        await IssueBatchAsync(1);
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://welfare.example.jp", "n2", null);
        var welfare = Register("Welfare Office", WelfareRegistration);
        var request = await RequestAsync(transcript, welfare, (Pseudonyms, "dp_employment"), (Pseudonyms, "dp_welfare"), (Slip, "payment_amount"));

        var plan = await _holder.PlanAsync(request, transcript);
        var byId = plan.Documents[0].Elements.ToDictionary(e => e.Identifier);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (byId["dp_employment"].Decision, byId["dp_employment"].Reason));
        Assert.Equal(ElementDecision.Disclose, byId["dp_welfare"].Decision);
        Assert.Throws<InvalidOperationException>(() => plan.Confirm(Pseudonyms, "dp_employment"));

        var result = Verify(await _holder.RespondAsync(plan, transcript), transcript, "welfare");
        Assert.True(result.IsValid);
        Assert.Equal(["welfare"], result.Documents[0].SubjectKeys!.Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unregistered_or_unauthenticated_verifiers_get_no_pseudonym(bool signed)
    {
        await IssueBatchAsync(1);
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://unknown.example.jp", "n3", null);
        var request = signed
            ? await RequestAsync(transcript, Register("Unregistered Reader", null), (Pseudonyms, "dp_tax"))
            : new DeviceRequestBuilder().Request(Slip, Pseudonyms, "dp_tax", IntentToRetain.Retain).Build();

        var plan = await _holder.PlanAsync(request, transcript);

        Assert.Equal(signed, plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Equal(ElementReason.PseudonymDomainNotRegistered, plan.Documents[0].Elements[0].Reason);
    }

    [Fact]
    public async Task A_registration_the_verifier_signed_itself_is_not_believed()
    {
        await IssueBatchAsync(1);
        using var selfKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var selfRoot = MdocCertificateFactory.CreateIaca("JP", "Self-made Registrar", selfKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        var readerSigner = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _disposables.Add(readerSigner);
        using var readerKey = readerSigner.ExportECDsa();
        using var certificate = MdocCertificateFactory.CreateReaderAuthentication(selfRoot, selfKey, "Greedy Verifier", readerKey, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), new VerifierRegistration(["tax", "employment", "welfare"], "everything", [Slip + "/remarks"]));
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://greedy.example.jp", "n4", null);

        var plan = await _holder.PlanAsync(await RequestAsync(transcript, (readerSigner, certificate.RawData), (Pseudonyms, "dp_tax")), transcript);

        Assert.False(plan.Requester.Authenticated);
        Assert.Contains(CertificateProblemCodes.UntrustedIssuer, plan.Requester.Problems);
        Assert.Equal(ElementDecision.Refused, plan.Documents[0].Elements[0].Decision);
    }

    [Fact]
    public async Task A_verifier_fails_a_response_carrying_another_domains_pseudonym()
    {
        await IssueBatchAsync(1);
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "n5", null);
        // The person chose to present the tax pseudonym directly, to a verifier of the welfare domain.
        var plan = await _holder.PlanSelectionAsync(Slip, [(Pseudonyms, "dp_tax")]);
        Assert.Equal(ElementDecision.Refused, plan.Documents[0].Elements[0].Decision);

        // A wallet that ignored the policy: the verifier still refuses to join across domains.
        var employer = Register("New Employer", EmployerRegistration);
        var request = await RequestAsync(transcript, employer, (Pseudonyms, "dp_tax"), (Slip, "payment_amount"));
        var response = await _holder.RespondAsync(await _holder.PlanAsync(request, transcript), transcript);
        var result = Verify(response, transcript, "welfare");

        Assert.False(result.IsValid);
        Assert.Equal([VerificationFailureCodes.PseudonymForeignDomain], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public async Task Two_domains_share_no_byte_string_of_16_bytes_except_values_both_asked_for()
    {
        await IssueBatchAsync(4);
        var employer = Register("New Employer", EmployerRegistration);
        var welfare = Register("Welfare Office", WelfareRegistration);
        var employerBytes = new List<byte[]>();
        var welfareBytes = new List<byte[]>();
        var employerKeys = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            var t1 = SessionTranscript.ForOpenId4VpDcApi("https://employer.example.jp", "e" + i, null);
            var r1 = await RequestAsync(t1, employer, (Pseudonyms, "dp_employment"), (Slip, "payment_amount"));
            var response1 = await _holder.RespondAsync(await _holder.PlanAsync(r1, t1), t1);
            employerBytes.Add(response1.Encoded.EncodedBytes.ToArray());
            employerKeys.Add(Verify(response1, t1, "employment", "tax").Documents[0].SubjectKeys!["employment"]);

            var t2 = SessionTranscript.ForOpenId4VpDcApi("https://welfare.example.jp", "w" + i, null);
            var r2 = await RequestAsync(t2, welfare, (Pseudonyms, "dp_welfare"), (Slip, "payment_amount"));
            welfareBytes.Add((await _holder.RespondAsync(await _holder.PlanAsync(r2, t2), t2)).Encoded.EncodedBytes.ToArray());
        }

        // The same domain sees the same pseudonym across presentations (and across credentials of the batch).
        Assert.Single(employerKeys);

        // Everything that could link the two: salts, digests, signatures, device keys, the MSO, pseudonyms. None of these
        // (nor any 16-byte part of them) may appear anywhere in what the other domain received.
        var welfareWindows = Windows(welfareBytes);
        var employerWindows = Windows(employerBytes);
        var parts = 0;
        foreach (var secret in employerBytes.SelectMany(LinkableParts))
        {
            parts++;
            Assert.DoesNotContain(Windows([secret]), welfareWindows.Contains);
        }

        foreach (var secret in welfareBytes.SelectMany(LinkableParts))
        {
            parts++;
            Assert.DoesNotContain(Windows([secret]), employerWindows.Contains);
        }

        Assert.True(parts > 100, "the comparison covered the linkable parts");
    }

    private static HashSet<string> Windows(IEnumerable<byte[]> sources)
    {
        var windows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bytes in sources)
        {
            for (var i = 0; i + 16 <= bytes.Length; i++)
            {
                windows.Add(Convert.ToHexString(bytes, i, 16));
            }
        }

        return windows;
    }

    private static IEnumerable<byte[]> LinkableParts(byte[] responseBytes)
    {
        foreach (var document in DeviceResponse.Decode(responseBytes).Documents)
        {
            var issuerSigned = document.IssuerSigned;
            var mso = issuerSigned.MobileSecurityObject;
            yield return issuerSigned.IssuerAuth.Signature.ToArray();
            yield return SHA256.HashData(mso.Encoded.EncodedBytes.Span);
            yield return mso.DeviceKey.X.ToArray();
            yield return mso.DeviceKey.Y.ToArray();
            yield return document.DeviceSigned.DeviceSignature!.Signature.ToArray();
            foreach (var digest in mso.ValueDigests.Values.SelectMany(d => d.Values))
            {
                yield return digest.ToArray();
            }

            foreach (var (nameSpace, items) in issuerSigned.NameSpaces)
            {
                foreach (var item in items)
                {
                    yield return item.Random.ToArray();
                    if (nameSpace == Pseudonyms)
                    {
                        yield return System.Text.Encoding.UTF8.GetBytes(((CborTextString)item.ElementValue).Value);
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        _pki.Dispose();
        _registrar.Dispose();
        _registrarKey.Dispose();
        _disposables.ForEach(d => d.Dispose());
    }
}
