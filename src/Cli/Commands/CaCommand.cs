using System.CommandLine;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Issuer.Certificates;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin ca</c>: a test PKI: an IACA (root) and Document Signer certificates with the ISO 18013-5 profile.</summary>
internal static class CaCommand
{
    public const string IacaCertificateFile = "iaca.pem";
    public const string IacaKeyFile = "iaca.key.pem";
    public const string DsCertificateFile = "ds.pem";
    public const string DsKeyFile = "ds.key.pem";

    public static Command Create()
    {
        var command = new Command("ca", "Create a test IACA and Document Signer certificates (ISO 18013-5 Annex B profile). For tests only.");
        command.Subcommands.Add(CreateIaca());
        command.Subcommands.Add(IssueDocumentSigner());
        return command;
    }

    private static Command CreateIaca()
    {
        var output = new Option<string>("--out") { Description = "Folder for iaca.pem and iaca.key.pem.", Required = true };
        var country = new Option<string>("--country") { Description = "ISO 3166-1 alpha-2 country code.", DefaultValueFactory = _ => "JP" };
        var name = new Option<string>("--name") { Description = "Common name of the IACA.", DefaultValueFactory = _ => "Honnin Test IACA" };
        var command = new Command("create", "Create a self-signed IACA certificate and key, valid for 10 years.") { output, country, name, CommonOptions.Json() };
        command.SetAction(parseResult =>
        {
            var directory = parseResult.GetValue(output)!;
            var countryCode = CheckCountry(parseResult.GetValue(country)!);
            var keyPath = Path.Combine(directory, IacaKeyFile);
            OutputFiles.RefuseToOverwrite(keyPath, "IACA key");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var start = StartOfYesterday();
            using var certificate = MdocCertificateFactory.CreateIaca(countryCode, parseResult.GetValue(name)!, key, start, start.AddYears(10));
            OutputFiles.WriteText(Path.Combine(directory, IacaCertificateFile), certificate.ExportCertificatePem() + "\n", "--out");
            OutputFiles.WriteSecretText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", "--out");
            Reports.Write(parseResult, $"Created {Path.Combine(directory, IacaCertificateFile)} ({certificate.Subject}) and its key.", new JsonObject { ["certificate"] = Path.Combine(directory, IacaCertificateFile), ["key"] = keyPath, ["subject"] = certificate.Subject });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command IssueDocumentSigner()
    {
        var ca = new Option<string>("--ca") { Description = "Folder with iaca.pem and iaca.key.pem.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for ds.pem and ds.key.pem.", Required = true };
        var name = new Option<string>("--name") { Description = "Common name of the Document Signer.", DefaultValueFactory = _ => "Honnin Test Document Signer" };
        var issuerUris = new Option<string[]>("--issuer-uri") { Description = "An issuer identifier the certificate names as a SubjectAltName URI, e.g. the URL 'honnin issuer serve --url' serves at, so that SD-JWT VCs with that iss verify. Repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("issue-ds", "Issue a Document Signer certificate (EKU 1.0.18013.5.1.2), valid for 3 years or until the IACA expires.") { ca, output, name, issuerUris, CommonOptions.Json() };
        command.SetAction(parseResult =>
        {
            var caDirectory = parseResult.GetValue(ca)!;
            var directory = parseResult.GetValue(output)!;
            var keyPath = Path.Combine(directory, DsKeyFile);
            var extraUris = (parseResult.GetValue(issuerUris) ?? []).Select(IssuerUri).ToList();
            OutputFiles.RefuseToOverwrite(keyPath, "Document Signer key");
            using var iaca = ReadCertificate(Path.Combine(caDirectory, IacaCertificateFile), "IACA certificate");
            using var iacaSigner = KeyFiles.ReadPemSigner(Path.Combine(caDirectory, IacaKeyFile), "IACA key");
            using var iacaKey = iacaSigner.ExportECDsa();
            using var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var country = iaca.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(n => n.GetSingleElementType().Value == "2.5.4.6").Select(n => n.GetSingleElementValue()).FirstOrDefault()
                ?? throw new InputException(InputException.Malformed, "The IACA certificate names no country (C).");
            var start = StartOfYesterday();
            var notAfter = new DateTimeOffset(iaca.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            X509Certificate2 ds;
            try
            {
                var notBefore = new DateTimeOffset(iaca.NotBefore.ToUniversalTime(), TimeSpan.Zero) > start ? new DateTimeOffset(iaca.NotBefore.ToUniversalTime(), TimeSpan.Zero) : start;
                // The first SubjectAltName URI is the iss 'honnin issue --format sd-jwt' writes by default, so that verifiers can bind it to this
                // certificate; --issuer-uri adds the service's URL, the iss 'honnin issuer serve' writes.
                var commonName = parseResult.GetValue(name)!;
                ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, country, commonName, dsKey, notBefore, start.AddYears(3) < notAfter ? start.AddYears(3) : notAfter, issuerUris: ["urn:honnin:issuer:" + Uri.EscapeDataString(commonName), .. extraUris]);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new RefusedException("issue_refused", "The Document Signer cannot be issued: " + ErrorText.Plain(e));
            }

            using (ds)
            {
                OutputFiles.WriteText(Path.Combine(directory, DsCertificateFile), ds.ExportCertificatePem() + "\n", "--out");
                OutputFiles.WriteSecretText(keyPath, dsKey.ExportPkcs8PrivateKeyPem() + "\n", "--out");
                Reports.Write(parseResult, $"Created {Path.Combine(directory, DsCertificateFile)} ({ds.Subject}, issued by {ds.Issuer}) and its key.", new JsonObject { ["certificate"] = Path.Combine(directory, DsCertificateFile), ["key"] = keyPath, ["subject"] = ds.Subject, ["issuer"] = ds.Issuer });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>An --issuer-uri: an http(s) URL in the form the issuer service uses as its identifier (no trailing slash), or another absolute URI as given.</summary>
    private static string IssuerUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || text.Any(c => c <= ' ' || c > '~'))
        {
            throw new UsageException($"--issuer-uri '{text}' is not an absolute URI in printable ASCII.");
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? ServiceUrls.Text(ServiceUrls.Parse(text, "--issuer-uri")) : text;
    }

    internal static X509Certificate2 ReadCertificate(string path, string what)
    {
        var text = InputFiles.ReadText(path, what);
        try
        {
            return X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException)
        {
            throw new InputException(InputException.WrongKind, $"The {what} file '{path}' does not hold a PEM certificate.");
        }
    }

    /// <summary>Certificates start at midnight UTC a day back, so that the issuer's day-rounded signing times fall inside them.</summary>
    internal static DateTimeOffset StartOfYesterday()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-1);
    }

    /// <summary>An ISO 3166-1 alpha-2 code, in capitals whatever the case given (jp is JP).</summary>
    internal static string CheckCountry(string country) =>
        country.Trim() is { Length: 2 } code && code.All(char.IsAsciiLetter)
            ? code.ToUpperInvariant()
            : throw new UsageException($"--country '{country}' is not an ISO 3166-1 alpha-2 code such as JP.");
}
