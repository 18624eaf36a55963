using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Mdoc;
using Honnin.SdJwt;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.DependencyInjection.Tests;

/// <summary>
/// <c>services.AddHonnin()</c>: every role from one container, on the host's clock and logger, through a full
/// issue → store → present → verify flow in both formats; and what the log lines of that flow may never contain.
/// </summary>
public sealed class AddHonninTests : IDisposable
{
    private const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    private const string SlipVct = "urn:honnin:jp:withholding-slip:1";

    private static readonly Dictionary<string, string> Pseudonyms = new[] { "employment", "tax" }
        .ToDictionary(d => d, d => "v1.k1." + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData("di-test-key"u8, System.Text.Encoding.UTF8.GetBytes("subject-0077/" + d))));

    private readonly TestIssuer _pki = new();

    // Eight months after the test PKI's time: a role on the system clock would fail the flow below.
    private readonly FakeTimeProvider _clock = new(TestIssuer.Now.AddDays(1));
    private readonly CapturingLoggerProvider _logs = new();

    private ServiceProvider Build(Action<HonninBuilder>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddSingleton<TimeProvider>(_clock);
        var honnin = services.AddHonnin()
            .AddMdocIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [_pki.DocumentSigner.RawData] })
            .AddSdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "https://payroll.example.jp", CertificateChain = [_pki.DocumentSigner.RawData] })
            .AddInMemoryWalletState()
            .AddHolder()
            .AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors })
            .AddSdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = _pki.TrustAnchors });
        more?.Invoke(honnin);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task Both_formats_flow_through_the_container_and_no_log_line_carries_a_value_salt_key_nonce_or_pseudonym()
    {
        using var provider = Build();
        using var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        provider.GetRequiredService<InMemoryDeviceKeyResolver>().Add(deviceKey);
        var secrets = new List<string>();

        // mdoc
        var mdoc = await provider.GetRequiredService<MdocIssuer>().IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey.PublicKey) { Pseudonyms = TestIssuer.Typed(Pseudonyms) });
        var mdocHolder = provider.GetRequiredService<MdocHolder>();
        await mdocHolder.StoreAsync(mdoc.Encode());
        var transcript = SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "mdoc-nonce-5f2c", null, "https://employer.example.jp/response");
        var mdocPlan = await mdocHolder.PlanSelectionAsync(Slip, [(Slip, "payment_amount"), (HonninDocumentTypes.Iso23220NameSpace, "family_name"), (HonninDocumentTypes.PseudonymNameSpace, "employment")]);
        var response = await mdocHolder.RespondAsync(mdocPlan, transcript);
        var mdocVerifier = provider.GetRequiredService<MdocVerifier>();
        var mdocResult = mdocVerifier.Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));
        var replayed = mdocVerifier.Verify(response.Encoded.EncodedBytes, new MdocSession(SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "other-nonce-9d1e", null, "https://employer.example.jp/response")));
        secrets.AddRange(mdoc.IssuerSigned.NameSpaces.SelectMany(ns => ns.Value).SelectMany(item => Encodings(item.Random.Span)));
        secrets.Add("mdoc-nonce-5f2c");

        // SD-JWT VC
        var sdJwt = await provider.GetRequiredService<SdJwtVcIssuer>().IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey.PublicKey) { Pseudonyms = TestIssuer.Typed(Pseudonyms) });
        var sdJwtHolder = provider.GetRequiredService<SdJwtVcHolder>();
        await sdJwtHolder.StoreAsync(sdJwt.Serialize());
        var sdJwtPlan = await sdJwtHolder.PlanSelectionAsync(SlipVct, [ClaimPath.Parse("payment_amount"), ClaimPath.Parse("family_name"), ClaimPath.Parse("pseudonyms.employment")]);
        var presentation = await sdJwtHolder.RespondAsync(sdJwtPlan, "x509_san_dns:employer.example.jp", "sd-nonce-77ab");
        var sdJwtVerifier = provider.GetRequiredService<SdJwtVcVerifier>();
        var sdJwtResult = sdJwtVerifier.Verify(presentation!, new SdJwtSession("x509_san_dns:employer.example.jp", "sd-nonce-77ab"));
        var wrongNonce = sdJwtVerifier.Verify(presentation!, new SdJwtSession("x509_san_dns:employer.example.jp", "sd-nonce-0000"));
        secrets.AddRange(sdJwt.SdJwt.Disclosures.SelectMany(d => new[] { d.Salt, d.Encoded }));
        secrets.AddRange(["sd-nonce-77ab", presentation!.Split('~')[^1]]);

        Assert.True(mdocResult.IsValid, string.Join("; ", mdocResult.Failures.Select(f => f.Code)));
        Assert.False(replayed.IsValid);
        Assert.True(sdJwtResult.IsValid, string.Join("; ", sdJwtResult.Failures.Select(f => f.Code)));
        Assert.False(wrongNonce.IsValid);

        var lines = _logs.Lines.ToList();
        Assert.Equal(2, lines.Count(l => l.EventId.Id == Issuer.Logging.IssuerEventIds.Issued));
        Assert.Equal(2, lines.Count(l => l.EventId.Id == Holder.Logging.HolderEventIds.CredentialStored));
        Assert.Equal(2, lines.Count(l => l.EventId.Id == Holder.Logging.HolderEventIds.PresentationPlanned));
        Assert.Equal(2, lines.Count(l => l.EventId.Id == Holder.Logging.HolderEventIds.Presented));
        Assert.Equal(2, lines.Count(l => l.EventId.Id == Verifier.Logging.VerifierEventIds.Verified));
        Assert.Equal(2, lines.Count(l => l.EventId.Id == Verifier.Logging.VerifierEventIds.Failed));
        Assert.Contains(lines, l => l.EventId.Id == Verifier.Logging.VerifierEventIds.Failed && l.Message.Contains(SdJwtFailureCodes.NonceMismatch, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EventId.Id == Holder.Logging.HolderEventIds.PresentationPlanned && l.Message.Contains("1 refused", StringComparison.Ordinal));

        secrets.AddRange(ClaimValues());
        secrets.AddRange(Pseudonyms.Values);
        secrets.AddRange(KeyEncodings(deviceKey));
        secrets.AddRange(KeyEncodings(_pki.Signer));
        using var dsKey = _pki.Signer.ExportECDsa();
        secrets.AddRange(Encodings(dsKey.ExportParameters(includePrivateParameters: true).D!));
        foreach (var line in lines)
        {
            foreach (var secret in secrets.Where(s => s.Length >= 4))
            {
                Assert.False(line.AllText.Contains(secret, StringComparison.Ordinal), $"Log line {line.EventId} carries a secret: {line.Message}");
            }
        }
    }

    [Fact]
    public void Each_role_is_one_shared_instance()
    {
        using var provider = Build();

        Assert.Same(provider.GetRequiredService<MdocVerifier>(), provider.GetRequiredService<MdocVerifier>());
        Assert.Same(provider.GetRequiredService<SdJwtVcVerifier>(), provider.GetRequiredService<SdJwtVcVerifier>());
        Assert.Same(provider.GetRequiredService<MdocHolder>().Log, provider.GetRequiredService<SdJwtVcHolder>().Log);
    }

    [Fact]
    public void Invalid_options_fail_when_registered()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddHonnin().AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = null! }));
        Assert.Contains("Trust anchors", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => services.AddHonnin().AddSdJwtVcVerifier(new SdJwtVcVerifierOptions()));
        Assert.Throws<ArgumentException>(() => services.AddHonnin().AddSdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = _pki.Signer, Issuer = "" }));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(MdocVerifier));
    }

    [Fact]
    public void A_role_registered_twice_is_refused()
    {
        var services = new ServiceCollection();
        var honnin = services.AddHonnin().AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors });

        var error = Assert.Throws<InvalidOperationException>(() => honnin.AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = _pki.TrustAnchors }));
        Assert.Contains("MdocVerifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wallet_without_a_store_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddHonnin().AddHolder();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<MdocHolder>());
        Assert.Contains("ICredentialStore", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddInMemoryWalletState", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_options_factory_reads_from_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_pki.TrustAnchors);
        services.AddHonnin().AddMdocVerifier(sp => new MdocVerifierOptions { TrustAnchors = sp.GetRequiredService<X509.TrustAnchorSet>() });
        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<MdocVerifier>());
    }

    public void Dispose()
    {
        _pki.Dispose();
        _logs.Dispose();
    }

    private static IEnumerable<string> ClaimValues() =>
        ["山田", "太郎", "山田 太郎", "給料・賞与", "前職分を含む", "株式会社本人", "5000000", "5,000,000", "120000", "120,000", "1985-04-01", "2026-01-31"];

    private static IEnumerable<string> Encodings(ReadOnlySpan<byte> bytes) =>
        [Convert.ToHexString(bytes), Convert.ToHexStringLower(bytes), Convert.ToBase64String(bytes), System.Buffers.Text.Base64Url.EncodeToString(bytes)];

    private static IEnumerable<string> KeyEncodings(SoftwareSigner key) =>
        [.. Encodings(key.PublicKey.X), .. Encodings(key.PublicKey.Y), .. Encodings(key.PublicKey.Encoded.EncodedBytes.Span)];
}
