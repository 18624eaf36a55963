using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Fixtures;
using Honnin.Jose;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>
/// mdoc side by side: Honnin and the crypto floor here, @auth0/mdl and @owf/mdoc (node:crypto) in benchmarks/peers/mdoc.mjs,
/// verifying the very DeviceResponse bytes Honnin produced, and issuing and presenting the same 20-element shape.
/// </summary>
internal sealed class MdocComparison : IComparisonSuite
{
    private readonly MdocFixture _fixture;
    private readonly MdocCryptoFloor _floor;

    private MdocComparison(MdocFixture fixture)
    {
        _fixture = fixture;
        _floor = new MdocCryptoFloor(fixture);
        Cases =
        [
            new("issue", "mdoc issue (20 elements)", async () => await _fixture.Issuer.IssueAsync(_fixture.Request), [("ECDSA sign", Sync(() => _floor.SignIssuerAuth())), ("ECDSA sign + verify (Honnin's self-check)", Sync(() => _floor.SignAndCheckIssuerAuth()))]),
            new("issue-batch-50", "mdoc batch issue (50 credentials)", async () => await _fixture.Issuer.IssueBatchAsync(_fixture.Request, _fixture.BatchKeys), [("50 × ECDSA sign", Sync(() => _floor.SignIssuerAuthBatch())), ("50 × (ECDSA sign + verify)", Sync(() => _floor.SignAndCheckIssuerAuthBatch()))]),
            new("present-signature", "mdoc present 5 of 20, device signature", async () => await _fixture.PresentWithSignatureAsync(), [("ECDSA sign", Sync(() => _floor.SignDeviceAuthentication()))]),
            new("present-mac", "mdoc present 5 of 20, device MAC", async () => await _fixture.PresentWithMacAsync(), [("key import + ECDH + HKDF + HMAC", Sync(() => _floor.MacDeviceAuthentication()))]),
            new(
                "verify-signature",
                "mdoc verify, device signature",
                Sync(() => _fixture.Verifier.Verify(_fixture.SignedResponse, _fixture.SignatureSession)),
                [("DS load + X509Chain + device key import + 2 × ECDSA verify", Sync(() => _floor.VerifySignatureResponseX509())), ("2 × key import + 3 × ECDSA verify", Sync(() => _floor.VerifySignatureResponseRaw()))],
                _fixture.SignedResponse.Length),
            new(
                "verify-mac",
                "mdoc verify, device MAC",
                Sync(() => _fixture.Verifier.Verify(_fixture.MacResponse, _fixture.MacSession)),
                [("DS load + X509Chain + ECDSA verify + key import + ECDH/HKDF/HMAC", Sync(() => _floor.VerifyMacResponseX509())), ("2 × key import + 2 × ECDSA verify + ECDH/HKDF/HMAC", Sync(() => _floor.VerifyMacResponseRaw()))],
                _fixture.MacResponse.Length),
        ];
    }

    public string Name => "mdoc";

    public IReadOnlyList<string> Peers => ["@auth0/mdl", "@owf/mdoc"];

    public string PeerScript => "mdoc.mjs";

    public IReadOnlyList<ComparisonCase> Cases { get; }

    public static async Task<MdocComparison> CreateAsync() => new(await MdocFixture.CreateAsync());

    public object PeerFixture()
    {
        var now = TimeProvider.System.GetUtcNow();
        var signed = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var disclose = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (nameSpace, identifier) in BenchmarkDocumentType.Disclosed)
        {
            if (!disclose.TryGetValue(nameSpace, out var identifiers))
            {
                disclose[nameSpace] = identifiers = [];
            }

            identifiers.Add(identifier);
        }

        return new Dictionary<string, object>
        {
            ["docType"] = BenchmarkDocumentType.DocType,
            ["trustedCertificatePem"] = _fixture.Pki.Iaca.ExportCertificatePem(),
            ["issuerCertificatePem"] = _fixture.Pki.DocumentSigner.ExportCertificatePem(),
            ["issuerPrivateJwk"] = JsonNode.Parse(PrivateJsonWebKey.Write(_fixture.Pki.DocumentSignerKey))!,
            ["devicePrivateJwk"] = JsonNode.Parse(PrivateJsonWebKey.Write(_fixture.DeviceKey.ExportECDsa()))!,
            ["devicePublicJwk"] = JsonNode.Parse(JsonWebKey.FromCoseKey(_fixture.DeviceKey.PublicKey).ToJson())!,
            ["batchDevicePublicJwks"] = _fixture.BatchKeys.Select(k => JsonNode.Parse(JsonWebKey.FromCoseKey(k).ToJson())!).ToList(),
            ["nameSpaces"] = BenchmarkDocumentType.ClaimsForPeers(),
            ["disclose"] = disclose,
            ["validity"] = new Dictionary<string, string>
            {
                ["signed"] = Rfc3339(signed),
                ["validFrom"] = Rfc3339(signed),
                ["validUntil"] = Rfc3339(signed.AddDays(365)),
            },
            ["signature"] = new Dictionary<string, string>
            {
                ["deviceResponse"] = Convert.ToHexStringLower(_fixture.SignedResponse),
                ["sessionTranscriptBytes"] = Convert.ToHexStringLower(_fixture.Transcript.SessionTranscriptBytes.Span),
            },
            ["mac"] = new Dictionary<string, string>
            {
                ["deviceResponse"] = Convert.ToHexStringLower(_fixture.MacResponse),
                ["sessionTranscriptBytes"] = Convert.ToHexStringLower(_fixture.ProximityTranscript.SessionTranscriptBytes.Span),
                ["readerPrivateCoseKey"] = Convert.ToHexStringLower(PrivateCoseKey(_fixture.ReaderKey)),
                ["readerPublicCoseKey"] = Convert.ToHexStringLower(_fixture.ReaderPublicKey.Encoded.EncodedBytes.Span),
            },
        };
    }

    public void Dispose()
    {
        _floor.Dispose();
        _fixture.Dispose();
    }

    private static Func<ValueTask> Sync<T>(Func<T> operation) => () =>
    {
        GC.KeepAlive(operation());
        return ValueTask.CompletedTask;
    };

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The reader key as a COSE_Key with its private scalar (-4), the form both peers take it in.</summary>
    private static byte[] PrivateCoseKey(ECDiffieHellman key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var writer = new CborWriter();
        writer.WriteStartMap(5);
        writer.WriteInt32(1);
        writer.WriteInt32(2);
        writer.WriteInt32(-1);
        writer.WriteInt32(1);
        writer.WriteInt32(-2);
        writer.WriteByteString(parameters.Q.X!);
        writer.WriteInt32(-3);
        writer.WriteByteString(parameters.Q.Y!);
        writer.WriteInt32(-4);
        writer.WriteByteString(parameters.D!);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
