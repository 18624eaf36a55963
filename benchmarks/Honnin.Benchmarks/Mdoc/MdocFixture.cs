using System.Formats.Cbor;
using System.Security.Cryptography;
using Honnin.Benchmarks.Fixtures;
using Honnin.Crypto;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>
/// Everything the mdoc benchmarks share, built through the public API: the PKI, an issuer of the 20-element
/// <see cref="BenchmarkDocumentType"/>, a wallet holding one credential, a verifier, and the two DeviceResponses (device
/// signature over an OpenID4VP transcript, device MAC over an ISO/IEC 18013-5 QR engagement) that Honnin and the peers
/// verify byte for byte.
/// </summary>
internal sealed class MdocFixture : IDisposable
{
    public const int BatchSize = 50;

    private readonly List<SoftwareSigner> _batchSigners = [];

    private MdocFixture()
    {
        Pki = new BenchmarkPki();
        Issuer = new MdocIssuer(
            new MdocIssuerOptions { Signer = Pki.Signer, CertificateChain = [Pki.DocumentSigner.RawData], DocumentTypes = BenchmarkDocumentType.CreateRegistry() },
            TimeProvider.System);
        DeviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        Request = new MdocIssuanceRequest(BenchmarkDocumentType.DocType, BenchmarkDocumentType.Claims(), DeviceKey.PublicKey);
        for (var i = 0; i < BatchSize; i++)
        {
            _batchSigners.Add(SoftwareSigner.Generate(CoseAlgorithm.ES256));
        }

        BatchKeys = [.. _batchSigners.Select(s => s.PublicKey)];
        var keys = new InMemoryDeviceKeyResolver();
        keys.Add(DeviceKey);
        Holder = new MdocHolder(
            new UnloggedCredentialStore(),
            keys,
            new HolderOptions { DocumentTypes = BenchmarkDocumentType.CreateRegistry() },
            TimeProvider.System);
        Transcript = SessionTranscript.ForOpenId4Vp("x509_san_dns:verifier.example.jp", "benchmark-nonce", null, "https://verifier.example.jp/response");
        ReaderKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ReaderPublicKey = CoseKey.FromECParameters(ReaderKey.ExportParameters(includePrivateParameters: false));
        ProximityTranscript = QrHandover(ReaderPublicKey);
        Verifier = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = Pki.TrustAnchors }, TimeProvider.System);
        SignatureSession = new MdocSession(Transcript);
        MacSession = new MdocSession(ProximityTranscript, ReaderKey);
    }

    public BenchmarkPki Pki { get; }

    public MdocIssuer Issuer { get; }

    public SoftwareSigner DeviceKey { get; }

    public MdocIssuanceRequest Request { get; }

    public IReadOnlyList<CoseKey> BatchKeys { get; }

    public MdocHolder Holder { get; }

    public SessionTranscript Transcript { get; }

    public SessionTranscript ProximityTranscript { get; }

    public ECDiffieHellman ReaderKey { get; }

    public CoseKey ReaderPublicKey { get; }

    public MdocVerifier Verifier { get; }

    public MdocSession SignatureSession { get; }

    public MdocSession MacSession { get; }

    /// <summary>The IssuerSigned bytes the wallet holds.</summary>
    public byte[] Credential { get; private set; } = [];

    /// <summary>A DeviceResponse disclosing 5 of 20 elements with a device signature over <see cref="Transcript"/>.</summary>
    public byte[] SignedResponse { get; private set; } = [];

    /// <summary>A DeviceResponse disclosing 5 of 20 elements with a device MAC over <see cref="ProximityTranscript"/>.</summary>
    public byte[] MacResponse { get; private set; } = [];

    public static async Task<MdocFixture> CreateAsync()
    {
        var fixture = new MdocFixture();
        var issued = await fixture.Issuer.IssueAsync(fixture.Request);
        fixture.Credential = issued.Encode();
        await fixture.Holder.StoreAsync(fixture.Credential);
        fixture.SignedResponse = (await fixture.PresentWithSignatureAsync()).Encoded.EncodedBytes.ToArray();
        fixture.MacResponse = (await fixture.PresentWithMacAsync()).Encoded.EncodedBytes.ToArray();
        fixture.CheckVerifies(fixture.SignedResponse, fixture.SignatureSession);
        fixture.CheckVerifies(fixture.MacResponse, fixture.MacSession);
        return fixture;
    }

    public async Task<DeviceResponse> PresentWithSignatureAsync()
    {
        var plan = await Holder.PlanSelectionAsync(BenchmarkDocumentType.DocType, BenchmarkDocumentType.Disclosed);
        return await Holder.RespondAsync(plan, Transcript);
    }

    public async Task<DeviceResponse> PresentWithMacAsync()
    {
        var plan = await Holder.PlanSelectionAsync(BenchmarkDocumentType.DocType, BenchmarkDocumentType.Disclosed);
        return await Holder.RespondAsync(plan, ProximityTranscript, ReaderPublicKey);
    }

    public void Dispose()
    {
        Pki.Dispose();
        DeviceKey.Dispose();
        ReaderKey.Dispose();
        _batchSigners.ForEach(s => s.Dispose());
    }

    private void CheckVerifies(byte[] response, MdocSession session)
    {
        var result = Verifier.Verify(response, session);
        if (!result.IsValid || result.Documents[0].Elements.Sum(ns => ns.Value.Count) != BenchmarkDocumentType.Disclosed.Length)
        {
            throw new InvalidOperationException("The benchmark response does not verify: " + string.Join(", ", result.Failures.Select(f => f.Code)));
        }
    }

    /// <summary>
    /// An ISO/IEC 18013-5 QR engagement transcript (DeviceEngagement with EDeviceKey and BLE retrieval, and EReaderKey), as
    /// in tests/Honnin.Interop.Mdoc.Tests: a device MAC belongs to a proximity session.
    /// </summary>
    private static SessionTranscript QrHandover(CoseKey readerKey)
    {
        using var deviceEphemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var eDeviceKey = CoseKey.FromECParameters(deviceEphemeral.ExportParameters(includePrivateParameters: false)).Encoded.EncodedBytes;
        var engagement = new CborWriter();
        engagement.WriteStartMap(3);
        engagement.WriteInt32(0);
        engagement.WriteTextString("1.0");
        engagement.WriteInt32(1);
        engagement.WriteStartArray(2);
        engagement.WriteInt32(1);
        engagement.WriteTag((CborTag)24);
        engagement.WriteByteString(eDeviceKey.Span);
        engagement.WriteEndArray();
        engagement.WriteInt32(2);
        engagement.WriteStartArray(1);
        engagement.WriteStartArray(3);
        engagement.WriteInt32(2);
        engagement.WriteInt32(1);
        engagement.WriteStartMap(3);
        engagement.WriteInt32(0);
        engagement.WriteBoolean(false);
        engagement.WriteInt32(1);
        engagement.WriteBoolean(true);
        engagement.WriteInt32(11);
        engagement.WriteByteString(RandomNumberGenerator.GetBytes(16));
        engagement.WriteEndMap();
        engagement.WriteEndArray();
        engagement.WriteEndArray();
        engagement.WriteEndMap();
        return SessionTranscript.ForQrHandover(engagement.Encode(), readerKey.Encoded.EncodedBytes);
    }
}
