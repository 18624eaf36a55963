using System.Text;
using Honnin.Benchmarks.Compare;
using Honnin.Benchmarks.Fixtures;
using Honnin.Benchmarks.Mdoc;
using Honnin.Benchmarks.SdJwt;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Honnin.StatusLists;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Status;

namespace Honnin.Benchmarks.Status;

/// <summary>
/// What a status check costs a verifier once the list is cached, next to the same verification without it, in one
/// run: the same status-bearing presentation verified with <c>VerifyAsync</c> (the Token Status List entry checked
/// against a cached, already verified token) and with the synchronous <c>Verify</c> and the check off. No peer checks
/// status lists, so this suite has no peer columns.
/// </summary>
internal sealed class StatusComparison : IComparisonSuite
{
    private const string ListUri = "https://issuer.example.jp/status/benchmark";

    private readonly MdocFixture _mdoc;
    private readonly SdJwtFixture _sdJwt;
    private readonly byte[] _mdocResponse;
    private readonly string _sdJwtPresentation;
    private readonly MdocVerifier _mdocWithStatus;
    private readonly MdocVerifier _mdocWithout;
    private readonly SdJwtVcVerifier _sdJwtWithStatus;
    private readonly SdJwtVcVerifier _sdJwtWithout;
    private readonly MdocSession _mdocSession;

    private StatusComparison(MdocFixture mdoc, SdJwtFixture sdJwt, byte[] mdocResponse, string sdJwtPresentation, StatusListChecker checker)
    {
        _mdoc = mdoc;
        _sdJwt = sdJwt;
        _mdocResponse = mdocResponse;
        _sdJwtPresentation = sdJwtPresentation;
        _mdocSession = new MdocSession(mdoc.Transcript);
        _mdocWithStatus = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = mdoc.Pki.TrustAnchors, StatusLists = checker }, TimeProvider.System);
        _mdocWithout = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = mdoc.Pki.TrustAnchors, StatusCheck = StatusCheckPolicy.Off }, TimeProvider.System);
        var common = new SdJwtVcVerifierOptions { IatWindow = TimeSpan.FromDays(1), ExpectedIssuer = SdJwtFixture.IssuerId, TrustAnchors = sdJwt.Pki.TrustAnchors };
        _sdJwtWithStatus = new SdJwtVcVerifier(common with { StatusLists = checker }, TimeProvider.System);
        _sdJwtWithout = new SdJwtVcVerifier(common with { StatusCheck = StatusCheckPolicy.Off }, TimeProvider.System);
        Cases =
        [
            new("mdoc-verify-status", "mdoc verify, device signature + cached status check", async () => Check(await _mdocWithStatus.VerifyAsync(_mdocResponse, _mdocSession)), [("the same verify, status check off", Sync(() => Check(_mdocWithout.Verify(_mdocResponse, _mdocSession))))], mdocResponse.Length),
            new("sd-jwt-verify-status", "SD-JWT VC verify (x5c) + cached status check", async () => Check(await _sdJwtWithStatus.VerifyAsync(_sdJwtPresentation, _sdJwt.Session)), [("the same verify, status check off", Sync(() => Check(_sdJwtWithout.Verify(_sdJwtPresentation, _sdJwt.Session))))], Encoding.UTF8.GetByteCount(sdJwtPresentation)),
        ];
    }

    public string Name => "status";

    public IReadOnlyList<string> Peers => [];

    public string PeerScript => "";

    public IReadOnlyList<ComparisonCase> Cases { get; }

    public static async Task<StatusComparison> CreateAsync()
    {
        var mdoc = await MdocFixture.CreateAsync();
        var sdJwt = await SdJwtFixture.CreateAsync();
        var state = new InMemoryIssuerState();
        var indices = await state.AllocateAsync(ListUri, 1 << 17, ["mdoc", "sd-jwt"]);
        var publisher = new StatusListPublisher(state, new StatusListPublisherOptions { Signer = mdoc.Pki.Signer, CertificateChain = [mdoc.Pki.DocumentSigner.RawData], TimeToLive = TimeSpan.FromHours(12), Validity = TimeSpan.FromDays(1) });
        var token = (await publisher.PublishJwtAsync(ListUri)).Jws.Text;
        var checker = new StatusListChecker(new StatusListCheckerOptions { Source = new FixedSource(ListUri, token), TrustAnchors = mdoc.Pki.TrustAnchors });

        var mdocCredential = await mdoc.Issuer.IssueAsync(mdoc.Request with { Status = new StatusListReference(indices[0], ListUri) });
        var mdocKeys = new InMemoryDeviceKeyResolver();
        mdocKeys.Add(mdoc.DeviceKey);
        var mdocHolder = new MdocHolder(new UnloggedCredentialStore(), mdocKeys, new HolderOptions { DocumentTypes = BenchmarkDocumentType.CreateRegistry() }, TimeProvider.System);
        await mdocHolder.StoreAsync(mdocCredential.Encode());
        var mdocPlan = await mdocHolder.PlanSelectionAsync(BenchmarkDocumentType.DocType, BenchmarkDocumentType.Disclosed);
        var mdocResponse = (await mdocHolder.RespondAsync(mdocPlan, mdoc.Transcript)).Encoded.EncodedBytes.ToArray();

        var sdJwtCredential = await sdJwt.Issuer.IssueAsync(sdJwt.Request with { Status = new StatusListReference(indices[1], ListUri) });
        var sdJwtKeys = new InMemoryDeviceKeyResolver();
        sdJwtKeys.Add(sdJwt.HolderKey);
        var sdJwtHolder = new SdJwtVcHolder(new UnloggedCredentialStore(), sdJwtKeys, new HolderOptions { DocumentTypes = BenchmarkDocumentType.CreateRegistry() }, TimeProvider.System);
        await sdJwtHolder.StoreAsync(sdJwtCredential.Serialize());
        var sdJwtPlan = await sdJwtHolder.PlanSelectionAsync(sdJwt.Vct, sdJwt.Disclosed);
        var presentation = await sdJwtHolder.RespondAsync(sdJwtPlan, SdJwtFixture.Audience, SdJwtFixture.Nonce) ?? throw new InvalidOperationException("The plan disclosed nothing.");

        var suite = new StatusComparison(mdoc, sdJwt, mdocResponse, presentation, checker);
        foreach (var c in suite.Cases)
        {
            await c.Honnin();
            foreach (var floor in c.Floors)
            {
                await floor.Run();
            }
        }

        return suite;
    }

    public object PeerFixture() => new Dictionary<string, object>();

    public void Dispose()
    {
        _mdoc.Dispose();
        _sdJwt.Dispose();
    }

    private static void Check(Verifier.VerificationResult result)
    {
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The status benchmark presentation does not verify: " + string.Join(", ", result.Failures.Select(f => f.Code + " " + f.Message)));
        }
    }

    private static Func<ValueTask> Sync(Action action) => () =>
    {
        action();
        return ValueTask.CompletedTask;
    };

    /// <summary>Serves the one published token, so that the suite measures the check, not a network.</summary>
    private sealed class FixedSource(string uri, string token) : IStatusListSource
    {
        public Task<ReadOnlyMemory<byte>> FetchAsync(string requested, CancellationToken cancellationToken = default) =>
            requested == uri ? Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(token)) : throw new StatusListUnavailableException("unknown list");
    }
}
