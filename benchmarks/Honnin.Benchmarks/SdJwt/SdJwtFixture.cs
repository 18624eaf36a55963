using Honnin.Benchmarks.Fixtures;
using Honnin.Crypto;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Verifier;
using Honnin.Verifier.SdJwt;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>
/// Everything the SD-JWT VC benchmarks share, built through the public API: the same PKI and 20-element
/// <see cref="BenchmarkDocumentType"/> as mdoc (its vct, every element its own disclosure, 3 decoys, <c>x5c</c> with the
/// Document Signer), a wallet holding one credential, and the SD-JWT+KB presentation of 5 of the 20 claims that Honnin
/// and the peers verify character for character, with issuer-key trust and with <c>x5c</c> trust to the IACA.
/// </summary>
internal sealed class SdJwtFixture : IDisposable
{
    public const int BatchSize = 50;
    public const string IssuerId = "https://issuer.example.jp";
    public const string Audience = "x509_san_dns:verifier.example.jp";
    public const string Nonce = "benchmark-nonce";
    public const int Decoys = 3;

    /// <summary>How many exchanges (presentation and session, each with its own nonce) the verify benchmarks cycle through.</summary>
    public const int Exchanges = 64;

    private readonly List<SoftwareSigner> _batchSigners = [];
    private readonly List<(string Presentation, SdJwtSession Session)> _exchanges = [];
    private int _nextExchange;

    private SdJwtFixture()
    {
        Pki = new BenchmarkPki();
        Vct = BenchmarkDocumentType.Create().Vct;
        Issuer = new SdJwtVcIssuer(
            new SdJwtVcIssuerOptions
            {
                Signer = Pki.Signer,
                Issuer = IssuerId,
                CertificateChain = [Pki.DocumentSigner.RawData],
                DocumentTypes = BenchmarkDocumentType.CreateRegistry(),
                DecoyDigests = Decoys,
            },
            TimeProvider.System);
        HolderKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        Request = new SdJwtVcIssuanceRequest(BenchmarkDocumentType.DocType, BenchmarkDocumentType.Claims(), HolderKey.PublicKey);
        for (var i = 0; i < BatchSize; i++)
        {
            _batchSigners.Add(SoftwareSigner.Generate(CoseAlgorithm.ES256));
        }

        BatchKeys = [.. _batchSigners.Select(s => s.PublicKey)];
        var keys = new InMemoryDeviceKeyResolver();
        keys.Add(HolderKey);
        Holder = new SdJwtVcHolder(
            new UnloggedCredentialStore(),
            keys,
            new HolderOptions { DocumentTypes = BenchmarkDocumentType.CreateRegistry() },
            TimeProvider.System);
        Disclosed = [.. BenchmarkDocumentType.Disclosed.Select(d => ClaimPath.ForClaim(d.Identifier))];
        IssuerPublicKey = JsonWebKey.FromCoseKey(Pki.Signer.PublicKey);

        // The KB-JWT iat of the fixture must stay acceptable through a whole run of the harness: the widest window.
        var common = new SdJwtVcVerifierOptions { IatWindow = TimeSpan.FromDays(1), ExpectedIssuer = IssuerId };
        KeyVerifier = new SdJwtVcVerifier(common with { IssuerKeys = [IssuerPublicKey] }, TimeProvider.System);
        X5cVerifier = new SdJwtVcVerifier(common with { TrustAnchors = Pki.TrustAnchors }, TimeProvider.System);
    }

    public BenchmarkPki Pki { get; }

    public string Vct { get; }

    public SdJwtVcIssuer Issuer { get; }

    public SoftwareSigner HolderKey { get; }

    public SdJwtVcIssuanceRequest Request { get; }

    public IReadOnlyList<CoseKey> BatchKeys { get; }

    public SdJwtVcHolder Holder { get; }

    public IReadOnlyList<ClaimPath> Disclosed { get; }

    public JsonWebKey IssuerPublicKey { get; }

    /// <summary>Trusts the Document Signer's key as a configured issuer key.</summary>
    public SdJwtVcVerifier KeyVerifier { get; }

    /// <summary>Trusts the IACA: the <c>x5c</c> chain is validated and its leaf key verifies.</summary>
    public SdJwtVcVerifier X5cVerifier { get; }

    /// <summary>The compact SD-JWT the wallet holds (20 disclosures, no KB-JWT).</summary>
    public string Credential { get; private set; } = string.Empty;

    /// <summary>The SD-JWT+KB disclosing 5 of 20 claims, for <see cref="Audience"/> and <see cref="Nonce"/>.</summary>
    public string Presentation { get; private set; } = string.Empty;

    /// <summary>The session of <see cref="Presentation"/>.</summary>
    public SdJwtSession Session { get; } = new(Audience, Nonce);

    public static async Task<SdJwtFixture> CreateAsync()
    {
        var fixture = new SdJwtFixture();
        fixture.Credential = (await fixture.Issuer.IssueAsync(fixture.Request)).Serialize();
        await fixture.Holder.StoreAsync(fixture.Credential);
        fixture.Presentation = await fixture.PresentAsync();
        for (var i = 0; i < Exchanges; i++)
        {
            var session = new SdJwtSession(Audience, $"{Nonce}-{i:D2}");
            var plan = await fixture.Holder.PlanSelectionAsync(fixture.Vct, fixture.Disclosed);
            fixture._exchanges.Add((await fixture.Holder.RespondAsync(plan, session.Audience, session.Nonce) ?? throw new InvalidOperationException("The plan disclosed nothing."), session));
        }

        fixture.CheckVerifies(fixture.KeyVerifier);
        fixture.CheckVerifies(fixture.X5cVerifier);
        return fixture;
    }

    /// <summary>The next exchange in turn: a presentation and the session (its own nonce) it was made for, as one verifier sees request after request.</summary>
    public (string Presentation, SdJwtSession Session) NextExchange()
    {
        var exchange = _exchanges[_nextExchange];
        _nextExchange = (_nextExchange + 1) % _exchanges.Count;
        return exchange;
    }

    /// <summary>Verifies the next exchange with one long-lived verifier, passing that exchange's session.</summary>
    public VerificationResult VerifyNext(SdJwtVcVerifier verifier)
    {
        var (presentation, session) = NextExchange();
        return verifier.Verify(presentation, session);
    }

    public async Task<string> PresentAsync()
    {
        var plan = await Holder.PlanSelectionAsync(Vct, Disclosed);
        return await Holder.RespondAsync(plan, Audience, Nonce) ?? throw new InvalidOperationException("The plan disclosed nothing.");
    }

    public void Dispose()
    {
        Pki.Dispose();
        HolderKey.Dispose();
        _batchSigners.ForEach(s => s.Dispose());
    }

    private void CheckVerifies(SdJwtVcVerifier verifier)
    {
        foreach (var result in _exchanges.Select(e => verifier.Verify(e.Presentation, e.Session)).Prepend(verifier.Verify(Presentation, Session)))
        {
            if (!result.IsValid || result.Documents[0].Claims is not { } claims || !Disclosed.All(d => claims.ContainsKey(d.ToString())))
            {
                throw new InvalidOperationException("The benchmark presentation does not verify: " + string.Join(", ", result.Failures.Select(f => f.Code + " " + f.Message)));
            }
        }

        if (verifier.Verify(_exchanges[0].Presentation, _exchanges[1].Session).IsValid)
        {
            throw new InvalidOperationException("A presentation verified under another exchange's nonce.");
        }
    }
}
