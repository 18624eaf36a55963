using System.Text.Json.Nodes;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Fixtures;
using Honnin.Jose;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>
/// SD-JWT VC side by side: Honnin and the crypto floor here, @sd-jwt/sd-jwt-vc with @sd-jwt/crypto-nodejs (node:crypto)
/// in benchmarks/peers/sd-jwt.mjs, verifying the very SD-JWT+KB text Honnin produced (same aud and nonce), and issuing
/// and presenting the same 20-claim shape with the same keys.
/// </summary>
internal sealed class SdJwtComparison : IComparisonSuite
{
    private readonly SdJwtFixture _fixture;
    private readonly SdJwtCryptoFloor _floor;

    private SdJwtComparison(SdJwtFixture fixture)
    {
        _fixture = fixture;
        _floor = new SdJwtCryptoFloor(fixture);
        var digests = _floor.IssuanceDigests;
        Cases =
        [
            new("issue", "SD-JWT VC issue (20 claims)", async () => await _fixture.Issuer.IssueAsync(_fixture.Request), [("ES256 sign", Sync(() => _floor.SignIssuerJwt())), ($"ES256 sign + {digests} × (salt + SHA-256)", Sync(() => _floor.SignIssuerJwtWithDigests())), ($"ES256 sign + verify + {digests} × (salt + SHA-256) (Honnin's self-check)", Sync(() => _floor.SignIssuerJwtWithDigestsAndSelfCheck()))]),
            new("issue-batch-50", "SD-JWT VC batch issue (50 credentials)", async () => await _fixture.Issuer.IssueBatchAsync(_fixture.Request, _fixture.BatchKeys), [("50 × ES256 sign", Sync(() => _floor.SignIssuerJwtBatch()))]),
            new("present", "SD-JWT VC present 5 of 20 + KB-JWT", async () => await _fixture.PresentAsync(), [("ES256 sign (KB-JWT)", Sync(() => _floor.SignKeyBindingJwt()))]),
            new(
                "verify",
                "SD-JWT VC verify, issuer-key trust",
                Sync(() => _fixture.VerifyNext(_fixture.KeyVerifier)),
                [("holder key import + 2 × ES256 verify", Sync(() => _floor.VerifyWithIssuerKey()))],
                _fixture.Presentation.Length),
            new(
                "verify-x5c",
                "SD-JWT VC verify, x5c trust",
                Sync(() => _fixture.VerifyNext(_fixture.X5cVerifier)),
                [("DS load + X509Chain + holder key import + 2 × ES256 verify", Sync(() => _floor.VerifyWithX509Chain())), ("2 × key import + 3 × ECDSA verify", Sync(() => _floor.VerifyRaw()))],
                _fixture.Presentation.Length),
        ];
    }

    public string Name => "sd-jwt";

    public IReadOnlyList<string> Peers => ["@sd-jwt/sd-jwt-vc"];

    public string PeerScript => "sd-jwt.mjs";

    public IReadOnlyList<ComparisonCase> Cases { get; }

    public static async Task<SdJwtComparison> CreateAsync() => new(await SdJwtFixture.CreateAsync());

    public object PeerFixture()
    {
        var issued = Honnin.SdJwt.SelectiveDisclosureJwt.Parse(_fixture.Credential).IssuerSigned.ReadPayloadObject();
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (_, elements) in BenchmarkDocumentType.ClaimsForPeers())
        {
            foreach (var (identifier, value) in elements)
            {
                // SD-JWT VC carries a full-date as its ISO 8601 text, as Honnin's issuer writes it.
                claims[identifier] = value is Dictionary<string, string> typed && typed.TryGetValue("$fullDate", out var date) ? date : value;
            }
        }

        return new Dictionary<string, object>
        {
            ["vct"] = _fixture.Vct,
            ["iss"] = SdJwtFixture.IssuerId,
            ["iat"] = issued["iat"]!.GetValue<long>(),
            ["exp"] = issued["exp"]!.GetValue<long>(),
            ["claims"] = claims,
            ["disclose"] = _fixture.Disclosed.Select(d => d.ToString()).ToList(),
            ["decoys"] = SdJwtFixture.Decoys,
            ["audience"] = SdJwtFixture.Audience,
            ["nonce"] = SdJwtFixture.Nonce,
            ["x5c"] = new List<string> { Convert.ToBase64String(_fixture.Pki.DocumentSigner.RawData) },
            ["trustedCertificatePem"] = _fixture.Pki.Iaca.ExportCertificatePem(),
            ["issuerPublicJwk"] = JsonNode.Parse(_fixture.IssuerPublicKey.ToJson())!,
            ["issuerPrivateJwk"] = JsonNode.Parse(PrivateJsonWebKey.Write(_fixture.Pki.DocumentSignerKey))!,
            ["holderPrivateJwk"] = JsonNode.Parse(PrivateJsonWebKey.Write(_fixture.HolderKey.ExportECDsa()))!,
            ["holderPublicJwk"] = JsonNode.Parse(JsonWebKey.FromCoseKey(_fixture.HolderKey.PublicKey).ToJson())!,
            ["batchHolderPublicJwks"] = _fixture.BatchKeys.Select(k => JsonNode.Parse(JsonWebKey.FromCoseKey(k).ToJson())!).ToList(),
            ["credential"] = _fixture.Credential,
            ["presentation"] = _fixture.Presentation,
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
}
