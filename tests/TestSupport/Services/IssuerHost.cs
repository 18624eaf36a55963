using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.AspNetCore;
using Honnin.DependencyInjection;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using System.Security.Cryptography.X509Certificates;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Honnin.Tests.Services;

/// <summary>
/// Honnin's issuer service on a real Kestrel server on a free loopback port, over a test PKI, with its state in memory
/// or in the stores a test gives: what the wallet, the peers and the abuse tests talk to.
/// </summary>
public sealed class IssuerHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789abcdef0123456789";

    private readonly WebApplication _app;

    private IssuerHost(WebApplication app, X509Certificate2 iaca, X509Certificate2 documentSigner, string url, IssuerStores stores)
    {
        _app = app;
        Iaca = iaca;
        DocumentSigner = documentSigner;
        Url = url;
        Stores = stores;
        Issuer = app.Services.GetRequiredService<OpenId4VciIssuer>();
        Admin = new HttpClient { BaseAddress = new Uri(url + "/") };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>The Credential Issuer Identifier, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; }

    public OpenId4VciIssuer Issuer { get; }

    public IssuerStores Stores { get; }

    /// <summary>An HTTP client with the admin token.</summary>
    public HttpClient Admin { get; }

    /// <summary>The IACA the Document Signer chains to (the trust anchor for mdoc and SD-JWT VC x5c).</summary>
    public X509Certificate2 Iaca { get; }

    /// <summary>The Document Signer: it signs both formats and names the issuer URL as its SubjectAltName URI.</summary>
    public X509Certificate2 DocumentSigner { get; }

    /// <summary>The header the test sign-in reads the employee from (a stand-in for the host's real authentication).</summary>
    public const string EmployeeHeader = "X-Test-Employee";

    public static async Task<IssuerHost> StartAsync(Func<OpenId4VciIssuerOptions, OpenId4VciIssuerOptions>? configure = null, IssuerStores? stores = null, bool statusList = true, ILoggerProvider? logs = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var now = DateTimeOffset.UtcNow;
        using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var iaca = MdocCertificateFactory.CreateIaca("JP", "Honnin Test IACA", iacaKey, now.AddDays(-1), now.AddYears(5));
        var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var documentSigner = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Honnin Test Issuer", dsKey, now.AddDays(-1), now.AddYears(2), issuerUris: [url]);
        var signer = SoftwareSigner.FromECDsa(dsKey);
        var options = new OpenId4VciIssuerOptions
        {
            CredentialIssuer = url,
            NameJa = "株式会社本人テスト",
            NameEn = "Honnin Test K.K.",
            Secret = RandomNumberGenerator.GetBytes(32),
            StatusListUri = statusList ? url + "/status-lists/1" : null,
            StatusListSize = 1024,
        };
        options = configure?.Invoke(options) ?? options;
        stores ??= IssuerStores.From(new InMemoryIssuerState());

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        if (Environment.GetEnvironmentVariable("HONNIN_TEST_LOG") is not null) { builder.Logging.AddConsole(); }
        builder.Services.AddSingleton(stores);
        builder.Services.AddSingleton(new StatusListPublisher(stores.StatusLists, new StatusListPublisherOptions { Signer = signer, CertificateChain = [documentSigner.RawData], Size = options.StatusListSize }));
        builder.Services.AddHonnin()
            .AddMdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = [documentSigner.RawData] })
            .AddSdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = signer, CertificateChain = [documentSigner.RawData], Issuer = url })
            .AddIssuer(new IssuerServiceOptions { Issuer = options, AdminToken = AdminToken, AuthenticateEmployee = SignInAsync });
        var app = builder.Build();
        app.MapHonninIssuer();
        app.MapHonninIssuerAdmin();
        await app.StartAsync();
        return new IssuerHost(app, iaca, documentSigner, url, stores);
    }

    /// <summary>Creates an offer through the admin API.</summary>
    public async Task<JsonObject> CreateOfferAsync(string format = "sd-jwt", int batch = 1, bool txCode = true, bool requiresApproval = false, string type = "withholding-slip", JsonObject? claims = null, string? employee = null)
    {
        var body = new JsonObject
        {
            ["type"] = type,
            ["format"] = format,
            ["claims"] = claims ?? SlipClaims(),
            ["batch_size"] = batch,
            ["tx_code"] = txCode,
            ["requires_approval"] = requiresApproval,
            ["employee"] = employee,
        };
        using var response = await Admin.PostAsync("admin/offers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Claims of a withholding slip, as HR sends them.</summary>
    public static JsonObject SlipClaims() => new()
    {
        ["family_name"] = "山田",
        ["given_name"] = "花子",
        ["birth_date"] = "1990-04-01",
        ["tax_year"] = 2026,
        ["full_name"] = "山田 花子",
        ["payment_category"] = "給料・賞与",
        ["payment_amount"] = 5_000_000,
        ["withholding_tax_amount"] = 120_000,
        ["payer_name"] = "株式会社本人テスト",
        ["issue_date"] = "2026-12-01",
    };

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // The test's sign-in: the employee named in a header, or 401 (a real host has its login page or identity provider).
    private static async Task<string?> SignInAsync(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (context.Request.Headers[EmployeeHeader] is { Count: 1 } employee)
        {
            return employee[0];
        }

        context.Response.StatusCode = 401;
        await context.Response.WriteAsync("Sign in first.");
        return null;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
