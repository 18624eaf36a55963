using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Holder.Presentation;
using Honnin.Mdoc;
using Honnin.Registration;
using Honnin.Tests.Issuance;
using Honnin.X509;
using static Honnin.Holder.Tests.Adversarial.WalletWorld;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// Registration tricks: registrations whose domains or elements are written to look wider than they are, certificates
/// outside their validity, registrations on CA certificates, chains through an intermediate that is not a CA, two
/// registrations in one certificate, and a reader certificate sent with the registrar root beside it.
/// </summary>
public sealed class RedTeamRegistrationTests : IDisposable
{
    private static readonly string[] Elements = [Slip + "/payment_amount"];

    private readonly WalletWorld _world = new();
    private readonly List<IDisposable> _disposables = [];

    private static async Task<PresentationPlan> PlanSdJwtAsync(WalletWorld world, Requester verifier, params string[] claims) =>
        await world.SdJwtHolder.PlanAsync(await world.SdJwtRequestAsync(verifier, claims));

    private static PlannedElement ByPath(PresentationPlan plan, string path) => plan.Documents[0].Elements.Single(e => e.ClaimPath == path);

    private (X509Certificate2 Root, ECDsa Key) RootAllowingIntermediates(DateTimeOffset? notAfter = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("C=JP, CN=Registrar with sub-CAs", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var root = request.CreateSelfSigned(TestIssuer.Now.AddYears(-2), notAfter ?? TestIssuer.Now.AddYears(5));
        _disposables.Add(root);
        _disposables.Add(key);
        return (root, key);
    }

    private (byte[] Certificate, ECDsa Key) Intermediate(X509Certificate2 root, ECDsa rootKey, bool markedCa, VerifierRegistration? registration = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _disposables.Add(key);
        var request = new CertificateRequest("C=JP, CN=Sub-CA", key, HashAlgorithmName.SHA256);
        if (markedCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        }

        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (registration is not null)
        {
            request.CertificateExtensions.Add(registration.ToExtension());
        }

        using var certificate = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(2), RandomNumberGenerator.GetBytes(12));
        return (certificate.RawData, key);
    }

    private WalletWorld WorldTrusting(X509Certificate2 extraRegistrar)
    {
        var world = new WalletWorld(o => o with { RegistrarTrustAnchors = TrustAnchorSet.Create([.. o.RegistrarTrustAnchors!.Certificates, extraRegistrar]) });
        _disposables.Add(world);
        return world;
    }

    [Theory]
    [InlineData("TAX")]
    [InlineData("ｔａｘ")]
    [InlineData("*")]
    [InlineData("tax ")]
    [InlineData("dp_tax")]
    [InlineData("pseudonyms.tax")]
    [InlineData("tax\u200B")]
    public async Task A_registered_domain_spelled_otherwise_does_not_register_the_domain(string domain)
    {
        await _world.IssueSdJwtBatchAsync();
        await _world.IssueMdocBatchAsync();
        var verifier = _world.Shaped(_world.Registrar.SubjectName, _world.RegistrarKey, "Near-tax office", new VerifierRegistration([domain], "p", Elements));

        var sdJwt = await PlanSdJwtAsync(_world, verifier, "pseudonyms.tax", "pseudonyms", "payment_amount");
        var session = SessionTranscript.ForOpenId4VpDcApi("https://tax.example.jp", "n", null);
        var mdoc = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(verifier, session, [(PseudonymNs, "dp_tax")]), session);

        Assert.NotNull(sdJwt.Requester.Registration);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (ByPath(sdJwt, "pseudonyms.tax").Decision, ByPath(sdJwt, "pseudonyms.tax").Reason));
        Assert.Equal(ElementDecision.Disclose, ByPath(sdJwt, "payment_amount").Decision);
        Assert.DoesNotContain(sdJwt.Disclosed, d => d.Element.NameSpace == PseudonymNs);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (mdoc.Documents[0].Elements[0].Decision, mdoc.Documents[0].Elements[0].Reason));
    }

    [Fact]
    public async Task Registered_elements_that_name_a_pseudonym_or_a_wildcard_widen_nothing()
    {
        await _world.IssueMdocBatchAsync();
        var registration = new VerifierRegistration(["tax"], "p", [PseudonymNs + "/dp_welfare", PseudonymNs + "/*", "*", Slip + "/*", Slip, "*/*", Iso + "/family_name "]);
        var verifier = _world.Shaped(_world.Registrar.SubjectName, _world.RegistrarKey, "Tax Office", registration);
        var session = SessionTranscript.ForOpenId4VpDcApi("https://tax.example.jp", "n", null);

        var plan = await _world.MdocHolder.PlanAsync(await _world.MdocRequestAsync(verifier, session, [(PseudonymNs, "dp_welfare"), (PseudonymNs, "dp_tax"), (Slip, "payment_amount"), (Iso, "family_name")]), session);

        var byId = plan.Documents[0].Elements.ToDictionary(e => e.Identifier);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (byId["dp_welfare"].Decision, byId["dp_welfare"].Reason));
        Assert.Equal(ElementDecision.Disclose, byId["dp_tax"].Decision);
        Assert.Equal((ElementDecision.Excluded, ElementReason.OutsideRegistration), (byId["payment_amount"].Decision, byId["payment_amount"].Reason));
        Assert.Equal((ElementDecision.Excluded, ElementReason.OutsideRegistration), (byId["family_name"].Decision, byId["family_name"].Reason));
    }

    [Theory]
    [InlineData(-400, -2, CertificateProblemCodes.CertificateExpired)]
    [InlineData(3, 300, CertificateProblemCodes.CertificateNotYetValid)]
    public async Task A_registrar_issued_certificate_outside_its_validity_authenticates_and_registers_nothing(int fromDays, int toDays, string code)
    {
        await _world.IssueSdJwtBatchAsync();
        var now = _world.Clock.GetUtcNow();
        var verifier = _world.Shaped(_world.Registrar.SubjectName, _world.RegistrarKey, "Tax Office", new VerifierRegistration(["tax"], "p", Elements), notBefore: now.AddDays(fromDays), notAfter: now.AddDays(toDays));

        var plan = await PlanSdJwtAsync(_world, verifier, "pseudonyms.tax", "payment_amount");

        Assert.False(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Contains(code, plan.Requester.Problems);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (ByPath(plan, "pseudonyms.tax").Decision, ByPath(plan, "pseudonyms.tax").Reason));
        Assert.Equal((ElementDecision.Excluded, ElementReason.VerifierNotAuthenticated), (ByPath(plan, "payment_amount").Decision, ByPath(plan, "payment_amount").Reason));
    }

    [Fact]
    public async Task A_certificate_under_an_expired_registrar_root_registers_nothing()
    {
        var (root, key) = RootAllowingIntermediates(notAfter: TestIssuer.Now.AddDays(1));
        var world = WorldTrusting(root);
        await world.IssueSdJwtBatchAsync();
        var verifier = world.Shaped(root.SubjectName, key, "Tax Office", new VerifierRegistration(["tax"], "p", Elements), notBefore: TestIssuer.Now.AddDays(-1), notAfter: TestIssuer.Now.AddDays(300));

        var plan = await PlanSdJwtAsync(world, verifier, "pseudonyms.tax");

        Assert.False(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Contains(CertificateProblemCodes.CertificateExpired, plan.Requester.Problems);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
    }

    [Fact]
    public async Task A_registration_on_a_leaf_that_is_itself_a_ca_is_not_believed()
    {
        await _world.IssueSdJwtBatchAsync();
        var verifier = _world.Shaped(_world.Registrar.SubjectName, _world.RegistrarKey, "Tax Office", new VerifierRegistration(["tax"], "p", Elements),
            r => r.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true)));

        var plan = await PlanSdJwtAsync(_world, verifier, "pseudonyms.tax");

        Assert.False(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Contains(CertificateProblemCodes.ReaderIsCa, plan.Requester.Problems);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
    }

    [Fact]
    public async Task A_registrar_issued_certificate_without_the_reader_key_usage_is_not_believed()
    {
        await _world.IssueSdJwtBatchAsync();
        var key = SoftwareSignerFor(out var ecdsa);
        var request = new CertificateRequest("CN=TLS server", ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new VerifierRegistration(["tax"], "p", Elements).ToExtension());
        using var certificate = request.Create(_world.Registrar.SubjectName, X509SignatureGenerator.CreateForECDsa(_world.RegistrarKey), TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), RandomNumberGenerator.GetBytes(12));

        var plan = await PlanSdJwtAsync(_world, new Requester(key, certificate.RawData), "pseudonyms.tax");

        Assert.False(plan.Requester.Authenticated);
        Assert.Contains(CertificateProblemCodes.ReaderMissingEku, plan.Requester.Problems);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
    }

    [Fact]
    public async Task A_chain_through_an_intermediate_not_marked_ca_is_refused()
    {
        var (root, rootKey) = RootAllowingIntermediates();
        var world = WorldTrusting(root);
        await world.IssueSdJwtBatchAsync();
        var (intermediate, intermediateKey) = Intermediate(root, rootKey, markedCa: false);
        using var intermediateCertificate = X509CertificateLoader.LoadCertificate(intermediate);
        var verifier = world.Shaped(intermediateCertificate.SubjectName, intermediateKey, "Tax Office", new VerifierRegistration(["tax"], "p", Elements), intermediates: [intermediate]);

        var plan = await PlanSdJwtAsync(world, verifier, "pseudonyms.tax");

        Assert.False(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Contains(CertificateProblemCodes.ChainInvalid, plan.Requester.Problems);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
    }

    [Fact]
    public async Task A_chain_through_an_intermediate_under_a_registrar_that_allows_none_is_refused()
    {
        await _world.IssueSdJwtBatchAsync();
        var (intermediate, intermediateKey) = Intermediate(_world.Registrar, _world.RegistrarKey, markedCa: true);
        using var intermediateCertificate = X509CertificateLoader.LoadCertificate(intermediate);
        var verifier = _world.Shaped(intermediateCertificate.SubjectName, intermediateKey, "Tax Office", new VerifierRegistration(["tax"], "p", Elements), intermediates: [intermediate]);

        var plan = await PlanSdJwtAsync(_world, verifier, "pseudonyms.tax");

        Assert.False(plan.Requester.Authenticated);
        Assert.Null(plan.Requester.Registration);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
    }

    [Fact]
    public async Task A_registration_on_an_intermediate_ca_does_not_register_the_leaf()
    {
        var (root, rootKey) = RootAllowingIntermediates();
        var world = WorldTrusting(root);
        await world.IssueSdJwtBatchAsync();
        var (intermediate, intermediateKey) = Intermediate(root, rootKey, markedCa: true, new VerifierRegistration(["tax", "welfare"], "p", Elements));
        using var intermediateCertificate = X509CertificateLoader.LoadCertificate(intermediate);
        var unregistered = world.Shaped(intermediateCertificate.SubjectName, intermediateKey, "Leaf without registration", registration: null, intermediates: [intermediate]);
        var welfare = world.Shaped(intermediateCertificate.SubjectName, intermediateKey, "Welfare Office", new VerifierRegistration(["welfare"], "p", Elements), intermediates: [intermediate]);

        var plain = await PlanSdJwtAsync(world, unregistered, "pseudonyms.tax");
        var registered = await PlanSdJwtAsync(world, welfare, "pseudonyms.tax", "pseudonyms.welfare");

        Assert.True(plain.Requester.Authenticated);
        Assert.Null(plain.Requester.Registration);
        Assert.Equal((ElementDecision.Refused, ElementReason.PseudonymDomainNotRegistered), (ByPath(plain, "pseudonyms.tax").Decision, ByPath(plain, "pseudonyms.tax").Reason));
        Assert.Equal(["welfare"], registered.Requester.Registration!.Domains);
        Assert.Equal(ElementDecision.Refused, ByPath(registered, "pseudonyms.tax").Decision);
        Assert.Equal(ElementDecision.Disclose, ByPath(registered, "pseudonyms.welfare").Decision);
    }

    [Fact]
    public async Task A_reader_root_certificate_sent_beside_the_registrar_root_registers_nothing()
    {
        await _world.IssueSdJwtBatchAsync();
        var selfRegistered = _world.SelfRegistered("Reader CA customer", "tax");
        var verifier = selfRegistered with { Intermediates = [_world.Registrar.RawData, _world.ReaderRoot.RawData] };

        var plan = await PlanSdJwtAsync(_world, verifier, "pseudonyms.tax");

        Assert.Null(plan.Requester.Registration);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
    }

    [Fact]
    public async Task A_certificate_with_two_registrations_is_not_believed_for_either()
    {
        await _world.IssueSdJwtBatchAsync();
        var key = SoftwareSignerFor(out var ecdsa);
        var certificate = WithTwoRegistrations(ecdsa, new VerifierRegistration(["welfare"], "p", Elements), new VerifierRegistration(["tax"], "p", Elements));

        var plan = await PlanSdJwtAsync(_world, new Requester(key, certificate), "pseudonyms.tax", "pseudonyms.welfare");
        Assert.False(plan.Requester.Authenticated);
        Assert.Contains(CertificateProblemCodes.CertificateMalformed, plan.Requester.Problems);

        Assert.Null(plan.Requester.Registration);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.tax").Decision);
        Assert.Equal(ElementDecision.Refused, ByPath(plan, "pseudonyms.welfare").Decision);
    }

    private Crypto.SoftwareSigner SoftwareSignerFor(out ECDsa ecdsa)
    {
        var key = Crypto.SoftwareSigner.Generate(Crypto.CoseAlgorithm.ES256);
        _disposables.Add(key);
        ecdsa = key.ExportECDsa();
        _disposables.Add(ecdsa);
        return key;
    }

    // .NET refuses to write one extension twice, so the second registration goes in under a stand-in OID of the same
    // length, which is then rewritten in the to-be-signed bytes and signed again by the registrar.
    private byte[] WithTwoRegistrations(ECDsa subjectKey, VerifierRegistration first, VerifierRegistration second)
    {
        const string StandIn = "2.25.93038495236230735740046454616627472381";
        var request = new CertificateRequest("CN=Twice registered", subjectKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage)], critical: true));
        request.CertificateExtensions.Add(first.ToExtension());
        request.CertificateExtensions.Add(new X509Extension(new Oid(StandIn), second.ToExtension().RawData, critical: false));
        using var certificate = request.Create(_world.Registrar.SubjectName, X509SignatureGenerator.CreateForECDsa(_world.RegistrarKey), TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), RandomNumberGenerator.GetBytes(12));

        var reader = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = reader.ReadEncodedValue().ToArray();
        var algorithm = reader.ReadEncodedValue().ToArray();
        var standIn = Oid(StandIn);
        var real = Oid(VerifierRegistration.ExtensionOid);
        Assert.Equal(standIn.Length, real.Length);
        var at = tbs.AsSpan().IndexOf(standIn);
        Assert.True(at > 0);
        real.CopyTo(tbs, at);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(algorithm);
            writer.WriteBitString(_world.RegistrarKey.SignData(tbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        return writer.Encode();

        static byte[] Oid(string oid)
        {
            var w = new AsnWriter(AsnEncodingRules.DER);
            w.WriteObjectIdentifier(oid);
            return w.Encode();
        }
    }

    public void Dispose()
    {
        _world.Dispose();
        _disposables.ForEach(d => d.Dispose());
    }
}
