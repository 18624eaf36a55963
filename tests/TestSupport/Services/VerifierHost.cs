using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.Crypto;
using Honnin.DependencyInjection;
using Honnin.Issuer.Certificates;
using Honnin.Registration;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.Protocol;
using Honnin.Verifier.SdJwt;
using Honnin.X509;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honnin.Tests.Services;

/// <summary>
/// Honnin's OpenID4VP verifier service on a real Kestrel server on a free loopback port: an agency whose reader
/// certificate a registrar issued (with its registration), trusting the issuer's IACA, its transactions in memory or
/// in the store a test gives. What the wallet, the peers and the abuse tests talk to.
/// </summary>
public sealed class VerifierHost : IAsyncDisposable
{
    public const string AdminToken = "test-verifier-token-0123456789abcdef0123456789";

    /// <summary>The origin of the agency's page that asks over the DC API.</summary>
    public const string PageOrigin = "https://agency.example.jp";

    /// <summary>Another page of the same agency, also configured.</summary>
    public const string OtherPageOrigin = "https://forms.agency.example.jp";

    private readonly WebApplication _app;

    private VerifierHost(WebApplication app, string url, X509Certificate2 registrar, ECDsa registrarKey, X509Certificate2 reader, SoftwareSigner readerSigner)
    {
        _app = app;
        Url = url;
        Registrar = registrar;
        RegistrarKey = registrarKey;
        Reader = reader;
        ReaderSigner = readerSigner;
        Verifier = app.Services.GetRequiredService<OpenId4VpVerifier>();
        Admin = new HttpClient { BaseAddress = new Uri(url + "/") };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>The service's base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; }

    public OpenId4VpVerifier Verifier { get; }

    /// <summary>An HTTP client with the admin token.</summary>
    public HttpClient Admin { get; }

    /// <summary>The registrar root the wallet trusts for registrations.</summary>
    public X509Certificate2 Registrar { get; }

    public ECDsa RegistrarKey { get; }

    /// <summary>The agency's reader certificate, with its registration.</summary>
    public X509Certificate2 Reader { get; }

    public SoftwareSigner ReaderSigner { get; }

    /// <summary>The agency's registration: the employment and tax domains, the slip's amounts and the name.</summary>
    public static VerifierRegistration DefaultRegistration { get; } = new(
        ["employment", "tax"],
        "年末調整 (year-end adjustment)",
        ["jp.honnin.withholding_slip.1/payment_amount", "jp.honnin.withholding_slip.1/withholding_tax_amount", "jp.honnin.withholding_slip.1/tax_year",
         "org.iso.23220.1/family_name", "org.iso.23220.1/given_name", "jp.honnin.withholding_slip.1/full_name"]);

    /// <param name="issuerRoot">The IACA the credentials chain to.</param>
    /// <param name="registration">The agency's registration; <see cref="DefaultRegistration"/> when null.</param>
    /// <param name="configure">Changes the verifier's options.</param>
    /// <param name="store">Where transactions are kept; in memory when null.</param>
    public static async Task<VerifierHost> StartAsync(X509Certificate2 issuerRoot, VerifierRegistration? registration = null, Func<OpenId4VpVerifierOptions, OpenId4VpVerifierOptions>? configure = null, IVerifierTransactionStore? store = null, string? dnsName = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var now = DateTimeOffset.UtcNow;
        var registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registrar = MdocCertificateFactory.CreateIaca("JP", "Honnin Test Registrar", registrarKey, now.AddDays(-1), now.AddYears(5));
        var readerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var reader = dnsName is null
            ? MdocCertificateFactory.CreateReaderAuthentication(registrar, registrarKey, "Honnin Test Agency", readerKey, now.AddDays(-1), now.AddYears(1), registration ?? DefaultRegistration)
            : ReaderWithDnsName(registrar, registrarKey, readerKey, dnsName, now, registration ?? DefaultRegistration);
        var signer = SoftwareSigner.FromECDsa(readerKey);
        var options = new OpenId4VpVerifierOptions
        {
            BaseUri = new Uri(url),
            Signer = signer,
            CertificateChain = [reader.RawData],
            DnsName = dnsName,
            DcApiOrigins = [PageOrigin, OtherPageOrigin],
        };
        options = configure?.Invoke(options) ?? options;

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("HONNIN_TEST_LOG") is not null) { builder.Logging.AddConsole(); }
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        var anchors = TrustAnchorSet.Create([issuerRoot]);
        builder.Services.AddHonnin()
            .AddStatusListChecker(anchors)
            .AddMdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors })
            .AddSdJwtVcVerifier(new SdJwtVcVerifierOptions { TrustAnchors = anchors })
            .AddVerifier(new VerifierServiceOptions { Verifier = options, AdminToken = AdminToken });
        var app = builder.Build();
        app.MapHonninVerifier();
        app.MapHonninVerifierAdmin();
        await app.StartAsync();
        return new VerifierHost(app, url, registrar, registrarKey, reader, signer);
    }

    /// <summary>Creates a transaction through the admin API; returns <c>{"transaction", "url", "request_uri", "expires_at"}</c>.</summary>
    public async Task<JsonObject> CreateTransactionAsync(JsonObject dcql, string? purpose = "年末調整のため", string? responseMode = null)
    {
        var body = new JsonObject { ["dcql_query"] = dcql, ["purpose"] = purpose, ["response_mode"] = responseMode };
        using var response = await Admin.PostAsync("admin/transactions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The transaction was not created ({(int)response.StatusCode}): {text}");
        }

        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Reads a transaction's result through the admin API.</summary>
    public async Task<JsonObject> ResultAsync(string transaction) =>
        (JsonObject)JsonNode.Parse(await Admin.GetStringAsync("admin/transactions/" + transaction))!;

    /// <summary>A DCQL query for the slip's amounts and the person's family name, in one format.</summary>
    public static JsonObject SlipQuery(string format, string id = "slip") => format == "mdoc"
        ? new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["format"] = "mso_mdoc",
                ["meta"] = new JsonObject { ["doctype_value"] = "jp.honnin.withholding_slip.1" },
                ["claims"] = new JsonArray(
                    new JsonObject { ["path"] = new JsonArray("jp.honnin.withholding_slip.1", "payment_amount"), ["intent_to_retain"] = true },
                    new JsonObject { ["path"] = new JsonArray("org.iso.23220.1", "family_name") }),
            }),
        }
        : new JsonObject
        {
            ["credentials"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["format"] = "dc+sd-jwt",
                ["meta"] = new JsonObject { ["vct_values"] = new JsonArray("urn:honnin:jp:withholding-slip:1") },
                ["claims"] = new JsonArray(
                    new JsonObject { ["path"] = new JsonArray("payment_amount") },
                    new JsonObject { ["path"] = new JsonArray("family_name") }),
            }),
        };

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 ReaderWithDnsName(X509Certificate2 registrar, ECDsa registrarKey, ECDsa readerKey, string dnsName, DateTimeOffset now, VerifierRegistration registration)
    {
        var request = new CertificateRequest("CN=Honnin Test Agency", readerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage)], critical: true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(registration.ToExtension());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(registrar, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(registrar.SubjectName, X509SignatureGenerator.CreateForECDsa(registrarKey), now.AddDays(-1), now.AddYears(1), serial);
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
