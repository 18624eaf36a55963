// An employer's issuer service with its HR page: HR fills in one form (document type, claims as JSON, batch size, a
// transaction code or not), the service creates the offer through OpenId4VciIssuer.CreateOfferAsync, and the page shows
// the offer's QR code for the employee's wallet and the transaction code to give them through another channel. The
// wallet-facing OpenID4VCI routes are served by Honnin.AspNetCore on the same host.
//
// An offer for a named employee can also be fetched through the authorization code flow (PAR, PKCE, DPoP): the wallet
// sends the employee to /authorize, where the sample's simple sign-in (/login: an employee id, no password) stands in
// for the company's single sign-on, which AuthenticateEmployee would call instead.
//
// For a demo only: a test PKI made at start, the state in memory, plain http on loopback, a sign-in without password,
// and an HR page without sign-in (a real one sits behind the company's single sign-on; the admin API of
// MapHonninIssuerAdmin needs its bearer token).
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Honnin;
using Honnin.AspNetCore;
using Honnin.Crypto;
using Honnin.DependencyInjection;
using Honnin.Issuer;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Offers;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Honnin.Issuer.StatusLists;
using Microsoft.AspNetCore.Antiforgery;

var url = args.Length > 0 ? args[0].TrimEnd('/') : "http://127.0.0.1:5080";
var today = DateTimeOffset.UtcNow.Date;

// The Document Signer names the service's URL, the iss of its SD-JWT VCs. A deployment loads its certificate and signs
// through an HSM behind ISigner; here both are made at start.
using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var iaca = MdocCertificateFactory.CreateIaca("JP", "Example Employer IACA", iacaKey, today.AddDays(-1), today.AddYears(5));
using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Example Employer", dsKey, today.AddDays(-1), today.AddYears(1), issuerUris: [url]);
using var signer = SoftwareSigner.FromECDsa(ECDsa.Create(dsKey.ExportParameters(includePrivateParameters: true)));
ReadOnlyMemory<byte>[] chain = [ds.RawData];

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls(url);
// Request paths hold offer references, which are bearer secrets: keep request logging at Warning.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.AddAntiforgery();
builder.Services.AddSingleton(sp => new StatusListPublisher(sp.GetRequiredService<IssuerStores>().StatusLists, new StatusListPublisherOptions { Signer = signer, CertificateChain = chain }));
builder.Services.AddHonnin()
    .AddMdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = chain })
    .AddSdJwtVcIssuer(new SdJwtVcIssuerOptions { Signer = signer, CertificateChain = chain, Issuer = url })
    .AddInMemoryIssuerState()
    .AddIssuer(new IssuerServiceOptions
    {
        Issuer = new OpenId4VciIssuerOptions
        {
            CredentialIssuer = url,
            NameJa = "株式会社本人",
            NameEn = "Honnin K.K.",
            Secret = RandomNumberGenerator.GetBytes(32),   // a deployment keeps it in its secret store, the same on every instance
            StatusListUri = url + "/status-lists/1",
            AuthorizationCodeFlow = true,
        },
        AdminToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        AuthenticateEmployee = SimpleSignIn.EmployeeAsync,
    });

var app = builder.Build();
app.UseAntiforgery();
app.MapHonninIssuer();
app.MapHonninIssuerAdmin();

var sampleClaims = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "claims", "withholding-slip.json"));
app.MapGet("/", () => Results.Redirect("/hr"));
app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) => Html(SimpleSignIn.Form(antiforgery.GetAndStoreTokens(context), returnUrl ?? "/")));
app.MapPost("/login", (HttpContext context, IFormCollection fields) => SimpleSignIn.SignIn(context, fields));
app.MapGet("/hr", (HttpContext context, IAntiforgery antiforgery) =>
    Html(HrPage.Form(antiforgery.GetAndStoreTokens(context), new HrForm("withholding-slip", "sd-jwt", sampleClaims, 1, TransactionCode: true, Employee: "E-1001"), problems: null)));
app.MapPost("/hr", async (HttpContext context, IAntiforgery antiforgery, OpenId4VciIssuer issuer, IFormCollection fields) =>
{
    var form = HrForm.Read(fields);
    var tokens = antiforgery.GetAndStoreTokens(context);
    try
    {
        var created = await issuer.CreateOfferAsync(
            new OfferRequest(form.Type, form.Format == "mdoc" ? CredentialFormat.Mdoc : CredentialFormat.SdJwtVc, form.Claims)
            {
                BatchSize = form.Batch,
                TransactionCode = form.TransactionCode,
                Employee = string.IsNullOrWhiteSpace(form.Employee) ? null : form.Employee.Trim(),
            },
            context.RequestAborted);
        return Html(HrPage.Offer(created));
    }
    catch (OfferRequestException e)
    {
        // The problems name elements and codes, never the values HR typed; the message repeats them.
        return Html(HrPage.Form(tokens, form, e.Problems.Count > 0 ? [$"{e.Code}:", .. e.Problems.Select(p => $"{p.Element}: {p.Code}")] : [$"{e.Code}: {e.Message}"]));
    }
});

await app.StartAsync();
Console.WriteLine($"HR page: {url}/hr  (wallets use {url}; Ctrl+C stops)");
await app.WaitForShutdownAsync();

static IResult Html(string body) => Results.Content(body, "text/html; charset=utf-8");

/// <summary>What HR sends from the form.</summary>
internal sealed record HrForm(string Type, string Format, string Claims, int Batch, bool TransactionCode, string Employee)
{
    /// <summary>Reads the form's fields; an unchecked checkbox is absent, a batch that is not a number is 1 (the service checks the range).</summary>
    public static HrForm Read(IFormCollection fields) => new(
        fields["Type"].ToString(),
        fields["Format"].ToString() == "mdoc" ? "mdoc" : "sd-jwt",
        fields["Claims"].ToString(),
        int.TryParse(fields["Batch"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var batch) ? batch : 1,
        fields["TransactionCode"].ToString() == "true",
        fields["Employee"].ToString());
}

/// <summary>
/// The sample's stand-in for single sign-on at the authorization endpoint: the employee id in a cookie, set by a form
/// without password. A deployment calls its identity provider here and returns the employee id it vouches for.
/// </summary>
internal static class SimpleSignIn
{
    private const string Cookie = "sample-employee";

    public static Task<string?> EmployeeAsync(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(Cookie, out var employee) && employee.Length > 0)
        {
            return Task.FromResult<string?>(employee);
        }

        context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
        return Task.FromResult<string?>(null);
    }

    public static string Form(AntiforgeryTokenSet tokens, string returnUrl) =>
        "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Sign in</title></head><body><h1>Sign in (sample: no password)</h1>"
        + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"" + WebUtility.HtmlEncode(tokens.FormFieldName) + "\" value=\"" + WebUtility.HtmlEncode(tokens.RequestToken ?? string.Empty) + "\">"
        + "<input type=\"hidden\" name=\"returnUrl\" value=\"" + WebUtility.HtmlEncode(returnUrl) + "\"><label>Employee id <input name=\"employee\"></label> <button type=\"submit\">Sign in</button></form></body></html>";

    public static IResult SignIn(HttpContext context, IFormCollection fields)
    {
        var returnUrl = fields["returnUrl"].ToString();
        context.Response.Cookies.Append(Cookie, fields["employee"].ToString().Trim(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
        // Only local paths: the sign-in never redirects elsewhere.
        return Results.LocalRedirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
    }
}

/// <summary>The HR page: the form, and the offer once created. Every value is HTML-encoded.</summary>
internal static class HrPage
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}textarea{width:100%;height:18rem;font-family:monospace}label{display:block;margin:.6rem 0}.problem{color:#a00}.code{font-size:2rem;letter-spacing:.3rem}";

    public static string Form(AntiforgeryTokenSet tokens, HrForm form, IReadOnlyList<string>? problems)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Credential offer</title><style>").Append(Style).Append("</style></head><body>");
        page.Append("<h1>Offer a credential to an employee</h1>");
        foreach (var problem in problems ?? [])
        {
            page.Append("<p class=\"problem\">").Append(E(problem)).Append("</p>");
        }

        page.Append("<form method=\"post\" action=\"/hr\">");
        page.Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken ?? string.Empty)).Append("\">");
        page.Append("<label>Document type <select name=\"Type\">")
            .Append(Option("withholding-slip", "源泉徴収票 (withholding slip)", form.Type))
            .Append(Option("enrollment-certificate", "在学証明書 (enrollment certificate)", form.Type))
            .Append("</select></label>");
        page.Append("<label>Format <select name=\"Format\">")
            .Append(Option("sd-jwt", "SD-JWT VC", form.Format))
            .Append(Option("mdoc", "ISO mdoc", form.Format))
            .Append("</select></label>");
        page.Append("<label>Claims (JSON) <textarea name=\"Claims\">").Append(E(form.Claims)).Append("</textarea></label>");
        page.Append("<label>Batch (single-use credentials) <input type=\"number\" name=\"Batch\" min=\"1\" max=\"10\" value=\"").Append(form.Batch).Append("\"></label>");
        page.Append("<label>Employee id (to let them also sign in for it; empty for the QR code only) <input name=\"Employee\" value=\"").Append(E(form.Employee)).Append("\"></label>");
        page.Append("<label><input type=\"checkbox\" name=\"TransactionCode\" value=\"true\"").Append(form.TransactionCode ? " checked" : string.Empty).Append("> Protect with a transaction code</label>");
        page.Append("<button type=\"submit\">Create offer</button></form></body></html>");
        return page.ToString();
    }

    public static string Offer(CreatedOffer offer)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Credential offer</title><style>").Append(Style).Append("</style></head><body>");
        page.Append("<h1>Offer created</h1><p>The employee scans this code with their wallet before ")
            .Append(E(offer.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture))).Append(".</p>");
        page.Append(OfferQrCode.Svg(offer.Link, pixelsPerModule: 6));
        page.Append("<p><a href=\"").Append(E(offer.Link)).Append("\">Open in a wallet on this device</a></p>");
        if (offer.TransactionCode is { } code)
        {
            page.Append("<p>Transaction code, to give the employee through another channel (not with the QR code):</p><p class=\"code\">").Append(E(code)).Append("</p>");
        }

        page.Append("<p>Offer id: <code>").Append(E(offer.OfferId)).Append("</code></p><p><a href=\"/hr\">Another offer</a></p></body></html>");
        return page.ToString();
    }

    private static string Option(string value, string label, string selected) =>
        $"<option value=\"{E(value)}\"{(value == selected ? " selected" : string.Empty)}>{E(label)}</option>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
