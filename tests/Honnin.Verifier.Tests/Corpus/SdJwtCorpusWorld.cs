using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.SdJwt;
using Honnin.Tests.Verification;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Corpus;

/// <summary>
/// The SD-JWT VC world of the negative corpus and the structural fuzzer. A generated IACA and Document Signer
/// (<see cref="MdocCertificateFactory"/>) sign, with <c>x5c</c>, a withholding-slip credential built with
/// <see cref="SdJwtBuilder"/> the way SdJwtVcIssuer builds one (a Disclosure per claim and per array element, a
/// recursive one under <c>address</c>, decoys at three levels, <c>cnf.jwk</c>); a second credential of the same claims
/// (fresh salts, another holder) supplies foreign parts; <see cref="Presentation"/> is a presentation of it bound with
/// a KB-JWT for <see cref="Audience"/> and <see cref="Nonce"/>. Certificates that must not be trusted (another IACA,
/// an expired, a not-yet-valid and an EKU-less Document Signer, a P-384 one) are made beside it. Built once per test
/// run; its keys live as long as the process.
/// </summary>
internal sealed class SdJwtCorpusWorld
{
    public const string Audience = "https://employer.example.jp";
    public const string Nonce = "n-5f0c1d7a";
    public const string Issuer = "https://payroll.example.jp";
    public const string Vct = "urn:honnin:jp:withholding-slip:1";

    public static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>What <see cref="Presentation"/> discloses; the fuzzer's verifier requires every one of them.</summary>
    public static readonly IReadOnlyList<ClaimPath> PresentedClaims =
        [.. new[] { "given_name", "family_name", "payment_amount", "address.locality", "dependents_list[0]", "dependents_list[1]", "nationalities[0]" }.Select(ClaimPath.Parse)];

    private static readonly Lazy<SdJwtCorpusWorld> Shared = new(() => new SdJwtCorpusWorld());

    private SdJwtCorpusWorld()
    {
        var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin Corpus IACA", iacaKey, Now.AddYears(-3), Now.AddYears(10));
        TrustAnchors = TrustAnchorSet.Create([Iaca]);
        (DocumentSigner, DsSigner) = DocumentSignerFor(Iaca, iacaKey, ECCurve.NamedCurves.nistP256, Now.AddMonths(-1), Now.AddYears(2));
        (ExpiredDocumentSigner, ExpiredDsSigner) = DocumentSignerFor(Iaca, iacaKey, ECCurve.NamedCurves.nistP256, Now.AddYears(-2), Now.AddDays(-1));
        (FutureDocumentSigner, FutureDsSigner) = DocumentSignerFor(Iaca, iacaKey, ECCurve.NamedCurves.nistP256, Now.AddDays(1), Now.AddYears(2));
        (P384DocumentSigner, P384DsSigner) = DocumentSignerFor(Iaca, iacaKey, ECCurve.NamedCurves.nistP384, Now.AddMonths(-1), Now.AddYears(2));
        (EkulessDocumentSigner, EkulessDsSigner) = EkulessDocumentSignerFor(Iaca, iacaKey);
        IacaSigner = SoftwareSigner.FromECDsa(ECDsa.Create(iacaKey.ExportParameters(includePrivateParameters: true)));

        var untrustedIacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        UntrustedIaca = MdocCertificateFactory.CreateIaca("JP", "Honnin Corpus IACA", untrustedIacaKey, Now.AddYears(-3), Now.AddYears(10));
        (UntrustedDocumentSigner, UntrustedDsSigner) = DocumentSignerFor(UntrustedIaca, untrustedIacaKey, ECCurve.NamedCurves.nistP256, Now.AddMonths(-1), Now.AddYears(2));

        Holder = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        OtherHolder = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        Credential = BuildCredentialAsync(Holder).AsTask().GetAwaiter().GetResult();
        OtherCredential = BuildCredentialAsync(OtherHolder).AsTask().GetAwaiter().GetResult();
        Presentation = Credential.PresentAsync(PresentedClaims, Audience, Nonce, Now, Holder).AsTask().GetAwaiter().GetResult().Serialize();
        OtherPresentation = OtherCredential.PresentAsync(PresentedClaims, Audience, Nonce, Now, OtherHolder).AsTask().GetAwaiter().GetResult().Serialize();
    }

    public static SdJwtCorpusWorld Instance => Shared.Value;

    public X509Certificate2 Iaca { get; }

    public TrustAnchorSet TrustAnchors { get; }

    /// <summary>The IACA's own key, for an issuer JWT signed by the trust anchor itself.</summary>
    public SoftwareSigner IacaSigner { get; }

    public X509Certificate2 DocumentSigner { get; }

    public SoftwareSigner DsSigner { get; }

    public X509Certificate2 ExpiredDocumentSigner { get; }

    public SoftwareSigner ExpiredDsSigner { get; }

    public X509Certificate2 FutureDocumentSigner { get; }

    public SoftwareSigner FutureDsSigner { get; }

    public X509Certificate2 P384DocumentSigner { get; }

    public SoftwareSigner P384DsSigner { get; }

    public X509Certificate2 EkulessDocumentSigner { get; }

    public SoftwareSigner EkulessDsSigner { get; }

    public X509Certificate2 UntrustedIaca { get; }

    public X509Certificate2 UntrustedDocumentSigner { get; }

    public SoftwareSigner UntrustedDsSigner { get; }

    public SoftwareSigner Holder { get; }

    public SoftwareSigner OtherHolder { get; }

    /// <summary>The credential as issued to the holder: every Disclosure, no KB-JWT.</summary>
    public SelectiveDisclosureJwt Credential { get; }

    /// <summary>The same claims issued again to <see cref="OtherHolder"/>: other salts, decoys and signature.</summary>
    public SelectiveDisclosureJwt OtherCredential { get; }

    /// <summary>The valid SD-JWT+KB: <see cref="PresentedClaims"/> of <see cref="Credential"/> for <see cref="Audience"/> and <see cref="Nonce"/>.</summary>
    public string Presentation { get; }

    /// <summary>The same claims of <see cref="OtherCredential"/>, bound by <see cref="OtherHolder"/> for the same verifier.</summary>
    public string OtherPresentation { get; }

    /// <summary><see cref="Presentation"/> without its KB-JWT, ending in <c>~</c>.</summary>
    public string PresentationWithoutKb => WithoutKb(Presentation);

    /// <summary>The issuer JWT payload of <see cref="Credential"/> (with <c>_sd</c>, <c>_sd_alg</c> and digests).</summary>
    public JsonObject IssuerPayload => Credential.GetIssuerPayload();

    /// <summary>The Disclosure strings of <see cref="Presentation"/>, in order.</summary>
    public IReadOnlyList<string> PresentedDisclosures => Presentation.Split('~')[1..^1];

    public static string WithoutKb(string presentation) => presentation[..(presentation.LastIndexOf('~') + 1)];

    public static string X5c(X509Certificate2 certificate) => Convert.ToBase64String(certificate.RawData);

    /// <summary>Signs a compact JWS over exactly these header and payload bytes, so that a structure <see cref="CompactJws.CreateAsync(JsonObject, JsonObject, ISigner, CancellationToken)"/> refuses to write (<c>crit</c>, duplicate members, bytes that are not UTF-8) still carries a valid signature.</summary>
    public static string SignRaw(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, SoftwareSigner signer)
    {
        var signingInput = Base64UrlEncoding.Encode(header) + "." + Base64UrlEncoding.Encode(payload);
        return signingInput + "." + Base64UrlEncoding.Encode(signer.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Signs a JWS with members in the given order; <c>alg</c> is written only when the header has none.</summary>
    public static string Sign(JsonObject header, JsonObject payload, SoftwareSigner signer)
    {
        var full = header.ContainsKey("alg") ? header : Prepend(header, "alg", JwsAlgorithms.ToName(signer.Algorithm));
        return SignRaw(StrictJson.SerializeToUtf8Bytes(full), StrictJson.SerializeToUtf8Bytes(payload), signer);
    }

    /// <summary>The issuer JWT header SdJwtVcIssuer writes: <c>typ</c> <c>dc+sd-jwt</c> and <c>x5c</c> with the Document Signer.</summary>
    public JsonObject IssuerHeader(X509Certificate2? documentSigner = null) => new()
    {
        ["typ"] = "dc+sd-jwt",
        ["x5c"] = new JsonArray(X5c(documentSigner ?? DocumentSigner)),
    };

    /// <summary>A KB-JWT over <paramref name="prefix"/> (ending in <c>~</c>), appended to it; each claim can be made wrong.</summary>
    public string Bind(string prefix, string audience = Audience, string nonce = Nonce, DateTimeOffset? issuedAt = null, string? type = KeyBindingJwt.MediaType, SoftwareSigner? signer = null, string? sdHash = null)
    {
        var header = new JsonObject();
        if (type is not null)
        {
            header["typ"] = type;
        }

        var payload = new JsonObject
        {
            ["iat"] = (issuedAt ?? Now).ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = sdHash ?? SdHashAlgorithm.Sha256.ComputeDigest(prefix),
        };
        return prefix + Sign(header, payload, signer ?? Holder);
    }

    public SdJwtVcVerifierOptions Options => new()
    {
        TrustAnchors = TrustAnchors,
        KeyBinding = KeyBindingPolicy.Required,
    };

    public SessionVerifier Verifier(Func<SdJwtVcVerifierOptions, SdJwtVcVerifierOptions>? configure = null) =>
        new(new SdJwtVcVerifier(configure?.Invoke(Options) ?? Options, new FakeTimeProvider(Now)), new SdJwtSession(Audience, Nonce));

    private static JsonObject Prepend(JsonObject header, string name, string value)
    {
        var result = new JsonObject { [name] = value };
        foreach (var (key, node) in header)
        {
            result[key] = node?.DeepClone();
        }

        return result;
    }

    private static (X509Certificate2 Certificate, SoftwareSigner Signer) DocumentSignerFor(X509Certificate2 iaca, ECDsa iacaKey, ECCurve curve, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = ECDsa.Create(curve);
        return (MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Honnin Corpus DS", key, notBefore, notAfter, issuerUris: [Issuer]), SoftwareSigner.FromECDsa(key));
    }

    /// <summary>A Document Signer like the factory's, but without the mdoc DS extended key usage (1.0.18013.5.1.2).</summary>
    private static (X509Certificate2 Certificate, SoftwareSigner Signer) EkulessDocumentSignerFor(X509Certificate2 iaca, ECDsa iacaKey)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("C=JP, CN=Honnin Corpus DS without EKU", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(iaca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var certificate = request.Create(iaca.SubjectName, X509SignatureGenerator.CreateForECDsa(iacaKey), Now.AddMonths(-1), Now.AddYears(2), RandomNumberGenerator.GetBytes(16));
        return (certificate, SoftwareSigner.FromECDsa(key));
    }

    private async ValueTask<SelectiveDisclosureJwt> BuildCredentialAsync(SoftwareSigner holder)
    {
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["vct"] = Vct,
            ["iat"] = Now.AddDays(-1).ToUnixTimeSeconds(),
            ["exp"] = Now.AddDays(365).ToUnixTimeSeconds(),
            ["given_name"] = "太郎",
            ["family_name"] = "山田",
            ["payment_amount"] = 5_000_000,
            ["address"] = new JsonObject { ["locality"] = "港区", ["street"] = "芝公園4-2-8" },
            ["dependents_list"] = new JsonArray(
                new JsonObject { ["full_name"] = "山田 花子", ["category"] = "spouse" },
                new JsonObject { ["full_name"] = "山田 一郎", ["category"] = "child" }),
            ["nationalities"] = new JsonArray("JP", "US"),
        };
        var builder = new SdJwtBuilder(claims)
            .MakeDisclosable("given_name").MakeDisclosable("family_name").MakeDisclosable("payment_amount")
            .MakeDisclosable("address").MakeDisclosable("address.locality")
            .MakeDisclosable("dependents_list[*]").MakeDisclosable("nationalities[*]")
            .AddDecoys(3).AddDecoys(ClaimPath.Parse("address"), 1).AddDecoys(ClaimPath.Parse("nationalities"), 1)
            .WithHolderKey(JsonWebKey.FromCoseKey(holder.PublicKey))
            .WithHeader("x5c", new JsonArray(X5c(DocumentSigner)));
        return await builder.BuildAsync(DsSigner);
    }
}
