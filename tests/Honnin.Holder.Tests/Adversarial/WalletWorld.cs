using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.Registration;
using Honnin.SdJwt;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Holder.Tests.Adversarial;

/// <summary>
/// A wallet holding a withholding slip in both formats with three domains' pseudonyms, a registrar root and a plain
/// reader root it recognises, and verifiers an attacker can register or forge under either root.
/// </summary>
internal sealed class WalletWorld : IDisposable
{
    public const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    public const string SlipVct = "urn:honnin:jp:withholding-slip:1";
    public const string PseudonymNs = HonninDocumentTypes.PseudonymNameSpace;
    public const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    public static readonly string[] Domains = ["employment", "tax", "welfare"];

    public static readonly Dictionary<string, string> PersonPseudonyms = Domains
        .ToDictionary(d => d, d => "v1.k1." + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData("adversarial-test-key"u8, System.Text.Encoding.UTF8.GetBytes("subject-0042/" + d))));

    private readonly List<IDisposable> _disposables = [];
    private readonly ECDsa _registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _readerRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public WalletWorld(Func<HolderOptions, HolderOptions>? configure = null)
    {
        Registrar = MdocCertificateFactory.CreateIaca("JP", "Honnin Test Registrar", _registrarKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        ReaderRoot = MdocCertificateFactory.CreateIaca("JP", "Some Reader CA", _readerRootKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        var options = new HolderOptions { RegistrarTrustAnchors = TrustAnchorSet.Create([Registrar]), ReaderTrustAnchors = TrustAnchorSet.Create([ReaderRoot]) };
        options = configure?.Invoke(options) ?? options;
        MdocHolder = new MdocHolder(Store, Keys, options, Clock);
        SdJwtHolder = new SdJwtVcHolder(Store, Keys, options, Clock);
        SdJwtIssuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = Pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [Pki.DocumentSigner.RawData] }, new FakeTimeProvider(TestIssuer.Now));
    }

    public TestIssuer Pki { get; } = new();

    public FakeTimeProvider Clock { get; } = new(TestIssuer.Now.AddDays(2));

    public InMemoryCredentialStore Store { get; } = new();

    public InMemoryDeviceKeyResolver Keys { get; } = new();

    public Presentation.IPresentationLog Log => Store.Log;

    public X509Certificate2 Registrar { get; }

    public X509Certificate2 ReaderRoot { get; }

    /// <summary>The registrar root's key, for attacks that need certificates the factory would not make.</summary>
    public ECDsa RegistrarKey => _registrarKey;

    /// <summary>The plain reader root's key.</summary>
    public ECDsa ReaderRootKey => _readerRootKey;

    public MdocHolder MdocHolder { get; }

    public SdJwtVcHolder SdJwtHolder { get; }

    public SdJwtVcIssuer SdJwtIssuer { get; }

    /// <summary>A verifier's key and certificate.</summary>
    public sealed record Requester(SoftwareSigner Key, byte[] Certificate, byte[][]? Intermediates = null)
    {
        /// <summary>The x5chain it sends: its certificate, then any intermediates.</summary>
        public IReadOnlyList<ReadOnlyMemory<byte>> Chain => [Certificate, .. (Intermediates ?? []).Select(c => (ReadOnlyMemory<byte>)c)];

        /// <summary>Its OpenID4VP x509_hash client identifier.</summary>
        public string ClientId => "x509_hash:" + System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Certificate));
    }

    /// <summary>A verifier registered by the registrar.</summary>
    public Requester Registered(string name, params string[] domains) =>
        Make(name, Registrar, _registrarKey, new VerifierRegistration(domains, "test purpose", [Slip + "/payment_amount", Slip + "/withholding_tax_amount", Iso + "/family_name", Slip + "/dependents_list"]));

    /// <summary>A verifier whose certificate a plain reader CA issued — with a registration the reader CA wrote itself.</summary>
    public Requester SelfRegistered(string name, params string[] domains) =>
        Make(name, ReaderRoot, _readerRootKey, new VerifierRegistration(domains, "claims to be registered", [Slip + "/payment_amount"]));

    /// <summary>A verifier under a root the wallet does not know.</summary>
    public Requester Untrusted(string name, params string[] domains)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _disposables.Add(key);
        var root = MdocCertificateFactory.CreateIaca("JP", "Unknown CA", key, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5));
        _disposables.Add(root);
        return Make(name, root, key, new VerifierRegistration(domains, "p", [Slip + "/payment_amount"]));
    }

    private Requester Make(string name, X509Certificate2 issuer, ECDsa issuerKey, VerifierRegistration registration)
    {
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _disposables.Add(key);
        using var ecdsa = key.ExportECDsa();
        using var certificate = MdocCertificateFactory.CreateReaderAuthentication(issuer, issuerKey, name, ecdsa, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddYears(1), registration);
        return new Requester(key, certificate.RawData);
    }

    /// <summary>
    /// A verifier whose certificate the attacker shapes: issued with <paramref name="issuerKey"/> under
    /// <paramref name="issuerName"/>, with the reader profile unless <paramref name="extend"/> changes it, and sent with
    /// <paramref name="intermediates"/>.
    /// </summary>
    public Requester Shaped(X500DistinguishedName issuerName, ECDsa issuerKey, string name, VerifierRegistration? registration, Action<CertificateRequest>? extend = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, byte[][]? intermediates = null)
    {
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        _disposables.Add(key);
        using var ecdsa = key.ExportECDsa();
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + name), ecdsa, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage)], critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (registration is not null)
        {
            request.CertificateExtensions.Add(registration.ToExtension());
        }

        extend?.Invoke(request);
        using var certificate = request.Create(issuerName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore ?? TestIssuer.Now.AddDays(-1), notAfter ?? TestIssuer.Now.AddYears(1), RandomNumberGenerator.GetBytes(12));
        return new Requester(key, certificate.RawData, intermediates);
    }

    public async Task IssueSdJwtBatchAsync(int count = 1)
    {
        var keys = NewKeys(count);
        var claims = TestIssuer.SlipClaims().Add(Slip, "dependents_list", new CborArray(
            CborMap.FromText(("full_name", new CborTextString("山田 花子")), ("category", new CborTextString("spouse")))));
        var batch = await SdJwtIssuer.IssueBatchAsync(new SdJwtVcIssuanceRequest("withholding-slip", claims, keys[0]) { Pseudonyms = TestIssuer.Typed(PersonPseudonyms) }, keys);
        await SdJwtHolder.StoreBatchAsync([.. batch.Select(c => c.Serialize())]);
    }

    public async Task IssueMdocBatchAsync(int count = 1)
    {
        var keys = NewKeys(count);
        var claims = TestIssuer.SlipClaims().Add(Slip, "dependents_list", new CborArray(
            CborMap.FromText(("full_name", new CborTextString("山田 花子")), ("category", new CborTextString("spouse")))));
        var batch = await Pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", claims, keys[0]) { Pseudonyms = TestIssuer.Typed(PersonPseudonyms) }, keys);
        await MdocHolder.StoreBatchAsync([.. batch.Select(c => (ReadOnlyMemory<byte>)c.Encode())]);
    }

    /// <summary>Stores an SD-JWT VC built by hand (the shapes other issuers may choose), bound to a new holder key.</summary>
    public async Task StoreCustomSdJwtAsync(JsonObject claims, Action<SdJwtBuilder> disclosable)
    {
        var key = NewKeys(1)[0];
        claims["vct"] = SlipVct;
        claims["iss"] = "https://payroll.example.jp";
        var builder = new SdJwtBuilder(claims) { Type = "dc+sd-jwt" }.WithHolderKey(JsonWebKey.FromCoseKey(key));
        disclosable(builder);
        var sdJwt = await builder.BuildAsync(Pki.Signer);
        await SdJwtHolder.StoreAsync(sdJwt.Serialize());
    }

    private CoseKey[] NewKeys(int count)
    {
        var keys = new CoseKey[count];
        for (var i = 0; i < count; i++)
        {
            var signer = SoftwareSigner.Generate(CoseAlgorithm.ES256);
            _disposables.Add(signer);
            Keys.Add(signer);
            keys[i] = signer.PublicKey;
        }

        return keys;
    }

    /// <summary>A signed SD-JWT VC presentation request, by default fresh and addressed to the signer's own client id.</summary>
    public Task<SdJwtPresentationRequest> SdJwtRequestAsync(Requester verifier, string[] claims, string? audience = null, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null) =>
        SdJwtPresentationRequestBuilder.CreateAsync(
            SlipVct, [.. claims.Select(ClaimPath.Parse)], [], audience ?? verifier.ClientId, "nonce-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            verifier.Key, verifier.Chain, issuedAt ?? Clock.GetUtcNow(), lifetime);

    /// <summary>A signed mdoc DeviceRequest, timed unless told otherwise.</summary>
    public async Task<DeviceRequest> MdocRequestAsync(Requester verifier, SessionTranscript transcript, (string NameSpace, string Identifier)[] elements, bool timed = true, DateTimeOffset? issuedAt = null)
    {
        var builder = new DeviceRequestBuilder();
        foreach (var (nameSpace, identifier) in elements)
        {
            builder.Request(Slip, nameSpace, identifier, IntentToRetain.DoNotRetain);
        }

        return timed
            ? await builder.BuildAsync(transcript, verifier.Key, verifier.Chain, issuedAt ?? Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            : await builder.BuildAsync(transcript, verifier.Key, verifier.Chain);
    }

    /// <summary>The pseudonym domains a presentation actually carries, read from its Disclosures.</summary>
    public static IReadOnlyList<string> PseudonymDomainsIn(string presentation)
    {
        var processed = SelectiveDisclosureJwt.Parse(presentation).Process();
        Assert.True(processed.IsValid, string.Join(", ", processed.Failures.Select(p => p.Code)));
        return processed.GetPayload()!["pseudonyms"] is JsonObject pseudonyms ? [.. pseudonyms.Select(p => p.Key).Order()] : [];
    }

    /// <summary>The pseudonym values anywhere in a presentation's text, decoded Disclosures included.</summary>
    public static IReadOnlyList<string> PseudonymValuesIn(string presentation)
    {
        var sdJwt = SelectiveDisclosureJwt.Parse(presentation);
        var text = string.Join("\n", sdJwt.Disclosures.Select(d => d.GetValue()?.ToJsonString() ?? string.Empty)) + sdJwt.GetIssuerPayload().ToJsonString();
        return [.. PersonPseudonyms.Where(p => text.Contains(p.Value, StringComparison.Ordinal)).Select(p => p.Key).Order()];
    }

    /// <summary>The pseudonym domains an mdoc response carries.</summary>
    public static IReadOnlyList<string> PseudonymDomainsIn(DeviceResponse response) =>
        [.. response.Documents.SelectMany(d => d.IssuerSigned.NameSpaces.TryGetValue(PseudonymNs, out var items) ? items.Select(i => i.ElementIdentifier) : []).Order()];

    public void Dispose()
    {
        Pki.Dispose();
        Registrar.Dispose();
        ReaderRoot.Dispose();
        _registrarKey.Dispose();
        _readerRootKey.Dispose();
        _disposables.ForEach(d => d.Dispose());
    }
}
