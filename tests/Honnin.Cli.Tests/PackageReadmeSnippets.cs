using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Mdoc;
using Honnin.Pseudonyms;
using Honnin.SdJwt;
using Honnin.Tests.Services;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.X509;

namespace Honnin.Cli.Tests;

/// <summary>
/// The code of the package READMEs (src/*/README.md), compiled and run here: issue both formats, keep them in a wallet,
/// present a choice of elements, verify. A second test checks that every C# block of those READMEs is a region of this file.
/// </summary>
public sealed partial class PackageReadmeSnippets
{
    [Fact]
    public async Task The_readme_code_issues_presents_and_verifies_both_formats()
    {
        using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        using var iaca = MdocCertificateFactory.CreateIaca("JP", "Example IACA", iacaKey, today.AddDays(-1), today.AddYears(2));
        using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Example Document Signer", dsKey, today.AddDays(-1), today.AddYears(1), issuerUris: ["https://payroll.example.jp"]);
        using var dsSigner = SoftwareSigner.FromECDsa(ECDsa.Create(dsKey.ExportParameters(includePrivateParameters: true)));
        using var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        using var pseudonymKey = PseudonymKey.Import("k1", RandomNumberGenerator.GetBytes(PseudonymKey.SecretLength));
        var authority = new PseudonymAuthority(PseudonymKeyRing.Create(pseudonymKey));
        var subjectRef = "employee-0001";
        DocumentTypeRegistry.CreateDefault().TryGet("withholding-slip", out var slip);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(CliTestFolder.Claims("withholding-slip.json")));
        Assert.True(DocumentClaims.TryFromJson(json.RootElement, slip!, out var claims, out _));
        using var iacaAnchors = TrustAnchorSet.Create([iaca]);
        var nonce = "n-0001";

        // begin readme Honnin.Issuer
        var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = dsSigner, CertificateChain = [ds.RawData] });
        var issued = await issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", claims, deviceKey.PublicKey)
        {
            Pseudonyms = authority.DeriveMany(subjectRef, [PseudonymDomain.Employment, PseudonymDomain.Tax])
                .ToDictionary(p => p.Key, p => p.Value.Value),
        });
        byte[] mdocForTheWallet = issued.Encode();

        var sdJwtIssuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions
        {
            Signer = dsSigner,
            Issuer = "https://payroll.example.jp",
            CertificateChain = [ds.RawData],
        });
        var sdJwt = await sdJwtIssuer.IssueAsync(new SdJwtVcIssuanceRequest("withholding-slip", claims, deviceKey.PublicKey));
        string sdJwtForTheWallet = sdJwt.Serialize();

        // Signing elsewhere (an HSM, a KMS, an approval that comes later): prepare, send the bytes, complete.
        var prepared = sdJwtIssuer.Prepare(new SdJwtVcIssuanceRequest("withholding-slip", claims, deviceKey.PublicKey));
        byte[] signature = await dsSigner.SignAsync(prepared.ToBeSigned); // the remote call
        var signedLater = sdJwtIssuer.Complete(prepared, signature); // checks the signature before anything leaves
        // end readme

        Assert.Equal(prepared.Vct, signedLater.Vct);

        // begin readme Honnin.Holder
        var store = new InMemoryCredentialStore();
        var deviceKeys = new InMemoryDeviceKeyResolver();
        deviceKeys.Add(deviceKey);
        var options = new HolderOptions { DocumentTypes = DocumentTypeRegistry.CreateDefault() };

        // mdoc: the person chooses what to show; the answer is bound to the verifier's session transcript.
        var holder = new MdocHolder(store, deviceKeys, options);
        await holder.StoreAsync(mdocForTheWallet);
        var transcript = SessionTranscript.ForOpenId4VpDcApi("https://verifier.example.jp", nonce, jwkThumbprint: null);
        var plan = await holder.PlanSelectionAsync(HonninDocumentTypes.WithholdingSlipDocType, [(HonninDocumentTypes.WithholdingSlipDocType, "payment_amount")]);
        DeviceResponse response = await holder.RespondAsync(plan, transcript);

        // SD-JWT VC: the same plan and policy; the key-binding JWT names the verifier and its nonce.
        var sdJwtHolder = new SdJwtVcHolder(store, deviceKeys, options);
        await sdJwtHolder.StoreAsync(sdJwtForTheWallet);
        var sdJwtPlan = await sdJwtHolder.PlanSelectionAsync("urn:honnin:jp:withholding-slip:1", [ClaimPath.Parse("payment_amount")]);
        string? presentation = await sdJwtHolder.RespondAsync(sdJwtPlan, "https://verifier.example.jp", nonce);
        // end readme

        // begin readme Honnin.Verifier
        var mdocVerifier = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = iacaAnchors });
        var mdocResult = mdocVerifier.Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));

        // One verifier for every request; each call passes its exchange's audience and nonce.
        var sdJwtVerifier = new SdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = iacaAnchors });
        var sdJwtResult = sdJwtVerifier.Verify(presentation!, new SdJwtSession("https://verifier.example.jp", nonce));
        if (!mdocResult.IsValid || !sdJwtResult.IsValid)
        {
            // Failures: a stable code and a message, never claim values.
            var codes = mdocResult.Failures.Concat(sdJwtResult.Failures).Select(f => f.Code);
        }
        // end readme

        // begin readme Honnin.Core
        // Decoding never re-encodes: digests and signatures use what was received.
        var decoded = DeviceResponse.Decode(response.Encoded.EncodedBytes); // throws CredentialFormatException with a stable Code
        ReadOnlyMemory<byte> tagged = transcript.SessionTranscriptBytes;    // #6.24(bstr .cbor SessionTranscript)
        if (SelectiveDisclosureJwt.TryParse(presentation!, out var parsed, out var error))
        {
            var disclosed = parsed.Disclosures.Select(d => d.ClaimName);     // digests over the received disclosure strings
        }
        // end readme

        Assert.Single(decoded.Documents);
        Assert.Null(error);
        Assert.True(mdocResult.IsValid, string.Join(", ", mdocResult.Failures.Select(f => f.Code)));
        Assert.True(sdJwtResult.IsValid, string.Join(", ", sdJwtResult.Failures.Select(f => f.Code)));
        Assert.Equal(["payment_amount"], mdocResult.Documents[0].Elements[HonninDocumentTypes.WithholdingSlipDocType].Keys);
        Assert.True(sdJwtResult.Documents[0].Claims!.ContainsKey("payment_amount"));
        Assert.False(sdJwtResult.Documents[0].Claims!.ContainsKey("tax_year"));
    }

    [Fact]
    public async Task The_readme_code_receives_an_offered_batch_from_an_issuer()
    {
        await using var host = await IssuerHost.StartAsync(o => o with { MaxBatchSize = 3 });
        var created = await host.CreateOfferAsync("mdoc", batch: 3, txCode: true);
        var offerLink = created["offer"]!.GetValue<string>();
        var transactionCode = created["tx_code"]!.GetValue<string>();
        using var issuerRoots = TrustAnchorSet.Create([host.Iaca]);
        var store = new InMemoryCredentialStore();
        using var deviceKeys = new InMemoryDeviceKeyStore();

        // begin readme Honnin.Holder
        // The app's HttpClient follows no redirect; plain http is accepted only to loopback addresses.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var client = new OpenId4VciClient(http, new OpenId4VciClientOptions { IssuerTrustAnchors = issuerRoots });

        // Scanned from the employer's QR code: who issues, what, how many, whether a code is needed.
        OfferPreview preview = await client.PreviewAsync(offerLink);
        var question = $"{preview.IssuerNameJa}: {preview.Credentials[0].NameJa} × {preview.Credentials[0].BatchSize}?";

        // The person agreed and typed the code HR sent apart: fresh device keys, then the credentials, into the wallet.
        var wallet = new IssuanceTargets(store, deviceKeys);
        IssuanceResult result = await client.AcceptAsync(preview, transactionCode, wallet, maxWait: TimeSpan.FromSeconds(30));
        if (result.IsPending)
        {
            string kept = result.Pending[0].Export(); // holds the access token: keep it sealed until resumed
            result = await client.ResumeAsync(PendingIssuance.Import(kept), wallet, maxWait: TimeSpan.FromMinutes(1));
        }
        // end readme

        Assert.Equal("株式会社本人テスト: 給与所得の源泉徴収票 × 3?", question);
        Assert.Equal(3, result.Credentials.Count);
        Assert.Equal(3, (await store.ListAsync()).Count);
    }

    [Theory]
    [InlineData("Core")]
    [InlineData("Issuer")]
    [InlineData("Holder")]
    [InlineData("Verifier")]
    public void Every_csharp_block_of_the_package_readme_is_code_compiled_here(string package)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "src", package, "README.md"));
        var source = File.ReadAllText(Path.Combine(root, "tests", "Honnin.Cli.Tests", "PackageReadmeSnippets.cs"));
        var region = Region(source, "Honnin." + package);
        var blocks = CsharpBlock().Matches(readme).Select(m => Normalize(m.Groups[1].Value)).ToList();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.Contains(block, region, StringComparison.Ordinal));
        Assert.Contains("mdoc", readme, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SD-JWT", readme, StringComparison.Ordinal);
    }

    /// <summary>Every region of that name, one after another.</summary>
    private static string Region(string source, string name)
    {
        var regions = new List<string>();
        for (var start = source.IndexOf("// begin readme " + name + "\n", StringComparison.Ordinal); start >= 0; start = source.IndexOf("// begin readme " + name + "\n", start + 1, StringComparison.Ordinal))
        {
            var end = source.IndexOf("// end readme", start, StringComparison.Ordinal);
            regions.Add(Normalize(source[(source.IndexOf('\n', start) + 1)..end]));
        }

        Assert.True(regions.Count > 0, name);
        return string.Join("\n", regions);
    }

    /// <summary>Lines without their common indentation, trailing spaces and blank ends.</summary>
    private static string Normalize(string code)
    {
        var lines = code.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l)).Trim('\n');
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Credentials.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root is not above the test output.");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();
}
