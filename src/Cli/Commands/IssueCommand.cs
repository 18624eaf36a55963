using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.DocumentTypes;
using Honnin.Issuer;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;

namespace Honnin.Cli.Commands;

/// <summary><c>honnin issue</c>: issues credentials of a registered document type to a holder key.</summary>
internal static class IssueCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Credential format: mdoc or sd-jwt.", Required = true };
        format.AcceptOnlyFromAmong("mdoc", "sd-jwt");
        var type = new Option<string>("--type") { Description = "withholding-slip, enrollment-certificate, or a registered docType.", Required = true };
        var claims = new Option<string>("--claims") { Description = "JSON file: element ids as keys (namespace objects allowed), dates as YYYY-MM-DD.", Required = true };
        var issuer = new Option<string>("--issuer") { Description = "Folder with ds.pem and ds.key.pem (from 'honnin ca issue-ds').", Required = true };
        var holderKey = new Option<string>("--holder-key") { Description = "The holder's JWK, or a JWK set with one key per credential of a batch.", Required = true };
        var output = new Option<string>("--out") { Description = "The credential file to write.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Issue N single-use credentials (needs N holder keys).", DefaultValueFactory = _ => 1 };
        var validDays = new Option<int>("--valid-days") { Description = "Validity in days.", DefaultValueFactory = _ => 365 };
        var legalBasis = new Option<string>("--my-number-legal-basis") { Description = "Allow a My Number (個人番号) in the claims, stating the legal basis (e.g. the article of 番号法). Refused otherwise." };
        var pseudonymKey = new Option<string>("--pseudonym-key") { Description = "Key for per-domain pseudonyms (from 'honnin pseudonym-key create'); needs --subject and --domains." };
        var subject = new Option<string>("--subject") { Description = "The person's internal reference for pseudonyms (never the My Number)." };
        var domains = new Option<string>("--domains") { Description = "Domains whose pseudonyms the credential carries, e.g. employment,tax." };
        var customDomains = DomainLists.CustomDomainsOption();
        var iss = new Option<string>("--iss") { Description = "sd-jwt: the issuer identifier (iss); by default derived from the Document Signer's name." };
        var command = new Command("issue", "Issue a credential to a holder key.") { format, type, claims, issuer, holderKey, output, batch, validDays, legalBasis, pseudonymKey, subject, domains, customDomains, iss, CommonOptions.Json() };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            parseResult.GetValue(format)!, parseResult.GetValue(type)!, parseResult.GetValue(claims)!, parseResult.GetValue(issuer)!,
            parseResult.GetValue(holderKey)!, parseResult.GetValue(output)!, parseResult.GetValue(batch), parseResult.GetValue(validDays),
            parseResult.GetValue(legalBasis), ReadPseudonyms(parseResult.GetValue(pseudonymKey), parseResult.GetValue(subject), parseResult.GetValue(domains), parseResult.GetValue(customDomains)),
            parseResult.GetValue(iss), parseResult, cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static async Task<int> RunAsync(string format, string typeName, string claimsPath, string issuerDirectory, string holderKeyPath, string outputPath, int batch, int validDays, string? legalBasis, Dictionary<Pseudonyms.PseudonymDomain, string> pseudonyms, string? iss, ParseResult output, CancellationToken cancellationToken)
    {
        if (batch is < 1 or > 1000)
        {
            throw new UsageException("--batch must be between 1 and 1000.");
        }

        if (validDays is < 1 or > 3660)
        {
            throw new UsageException("--valid-days must be between 1 and 3660.");
        }

        var registry = DocumentTypeRegistry.CreateDefault();
        if (!registry.TryGet(typeName, out var type))
        {
            throw new UsageException($"--type '{typeName}' is not a known document type; known: {string.Join(", ", registry.Types.SelectMany(t => t.Aliases.Append(t.DocType)))}.");
        }

        if (legalBasis is not null && string.IsNullOrWhiteSpace(legalBasis))
        {
            throw new UsageException("--my-number-legal-basis must state the legal basis in words.");
        }

        var myNumbers = legalBasis is null ? MyNumberPolicy.Refuse : MyNumberPolicy.AllowWithLegalBasis(legalBasis);
        var claims = ReadClaims(claimsPath, type, myNumbers);
        var deviceKeys = KeyFiles.ReadPublicJwks(holderKeyPath, "--holder-key");
        if (batch > 1 && deviceKeys.Count < batch)
        {
            throw new UsageException($"--batch {batch} needs {batch} holder keys, one per credential, so that the credentials cannot be linked through their device key; create them with 'honnin key create --count {batch}'.");
        }

        if (!File.Exists(Path.Combine(issuerDirectory, CaCommand.DsCertificateFile)) && File.Exists(Path.Combine(issuerDirectory, CaCommand.IacaCertificateFile)))
        {
            throw new UsageException($"--issuer '{issuerDirectory}' holds an IACA, which does not sign credentials; issue a Document Signer under it with 'honnin ca issue-ds --ca {issuerDirectory} --out DIR' and give that folder.");
        }

        using var certificate = CaCommand.ReadCertificate(Path.Combine(issuerDirectory, CaCommand.DsCertificateFile), "Document Signer certificate");
        using var signer = KeyFiles.ReadPemSigner(Path.Combine(issuerDirectory, CaCommand.DsKeyFile), "Document Signer key");
        try
        {
            if (format == "sd-jwt")
            {
                var sdJwtIssuer = new SdJwtVcIssuer(new SdJwtVcIssuerOptions
                {
                    Signer = signer,
                    Issuer = iss ?? "urn:honnin:issuer:" + Uri.EscapeDataString(certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false)),
                    CertificateChain = [certificate.RawData],
                    DocumentTypes = registry,
                    ValidityPeriod = TimeSpan.FromDays(validDays),
                    MyNumbers = myNumbers,
                });
                var sdJwtRequest = new SdJwtVcIssuanceRequest(type.DocType, claims, deviceKeys[0]) { Pseudonyms = pseudonyms };
                var sdJwts = batch == 1
                    ? [await sdJwtIssuer.IssueAsync(sdJwtRequest, cancellationToken).ConfigureAwait(false)]
                    : await sdJwtIssuer.IssueBatchAsync(sdJwtRequest, deviceKeys.Take(batch).ToList(), cancellationToken).ConfigureAwait(false);
                new SdJwtCredentialFile(type.Vct, [.. sdJwts.Select(i => (i.Serialize(), 0))]).Write(outputPath);
                Report(output, sdJwts.Count, type, claims.Count, pseudonyms, outputPath, "SD-JWT VC");
                return ExitCodes.Success;
            }

            var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = signer, CertificateChain = [certificate.RawData], DocumentTypes = registry, ValidityPeriod = TimeSpan.FromDays(validDays), MyNumbers = myNumbers });
            var request = new MdocIssuanceRequest(type.DocType, claims, deviceKeys[0]) { Pseudonyms = pseudonyms };
            IReadOnlyList<IssuedMdoc> issued = batch == 1
                ? [await issuer.IssueAsync(request, cancellationToken).ConfigureAwait(false)]
                : await issuer.IssueBatchAsync(request, deviceKeys.Take(batch).ToList(), cancellationToken).ConfigureAwait(false);
            new CredentialFile(type.DocType, [.. issued.Select(i => (i.IssuerSigned.ToCbor() as Cbor.CborValue, 0))]).Write(outputPath);
            Report(output, issued.Count, type, claims.Count, pseudonyms, outputPath, "mdoc");
            return ExitCodes.Success;
        }
        catch (SignerCertificateException e)
        {
            throw new RefusedException(e.Code, e.Message);
        }
        catch (InvalidClaimsException e)
        {
            throw new RefusedException("claims_do_not_fit", "The claims do not fit " + type.DocType + ":\n  " + string.Join("\n  ", e.Problems.Select(p => $"{p.Code}: {p.Message}")));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or CryptographicException)
        {
            throw new RefusedException("issue_refused", ErrorText.Plain(e));
        }
    }

    private static void Report(ParseResult parseResult, int count, DocumentType type, int claims, Dictionary<Pseudonyms.PseudonymDomain, string> pseudonyms, string outputPath, string format)
    {
        var withPseudonyms = pseudonyms.Count == 0 ? string.Empty : $" and pseudonyms for {string.Join(", ", pseudonyms.Keys.Select(d => d.Id))}";
        Reports.Write(
            parseResult,
            $"Issued {count} {format} {type.DocType} credential(s) ({type.DisplayNameJa}) with {claims} elements{withPseudonyms} to {outputPath}.",
            new JsonObject { ["file"] = outputPath, ["format"] = format == "mdoc" ? "mdoc" : "sd-jwt", ["docType"] = type.DocType, ["vct"] = type.Vct, ["credentials"] = count, ["elements"] = claims, ["pseudonymDomains"] = Reports.Strings(pseudonyms.Keys.Select(d => d.Id)) });
    }

    private static Dictionary<Pseudonyms.PseudonymDomain, string> ReadPseudonyms(string? keyPath, string? subject, string? domains, string? customDomains)
    {
        if (keyPath is null && subject is null && domains is null)
        {
            return [];
        }

        if (keyPath is null || subject is null || domains is null)
        {
            throw new UsageException("--pseudonym-key, --subject and --domains go together.");
        }

        if (!Pseudonyms.DomainPseudonym.IsValidSubjectRef(subject))
        {
            throw new UsageException("--subject must be a non-empty internal reference of at most 256 bytes, and never a My Number.");
        }

        var domainList = new List<Pseudonyms.PseudonymDomain>();
        foreach (var id in DomainLists.Parse("--domains", domains, customDomains).Order(StringComparer.Ordinal))
        {
            domainList.Add(Pseudonyms.PseudonymDomain.Create(id));
        }

        if (domainList.Count == 0)
        {
            throw new UsageException("--domains names no domain.");
        }

        using var key = PseudonymKeyCommand.Read(keyPath);
        var authority = new Pseudonyms.PseudonymAuthority(Pseudonyms.PseudonymKeyRing.Create(key));
        return authority.DeriveMany(subject, domainList).ToDictionary(p => p.Key, p => p.Value.Value);
    }

    private static DocumentClaims ReadClaims(string path, DocumentType type, MyNumberPolicy myNumbers)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(InputFiles.ReadText(path, "--claims"), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw new InputException(InputException.Malformed, $"The --claims file '{path}' is not JSON.");
        }

        using (document)
        {
            if (!DocumentClaims.TryFromJson(document.RootElement, type, out var claims, out var problems, myNumbers))
            {
                throw new RefusedException("claims_do_not_fit", $"The --claims file '{path}' does not fit {type.DocType}:\n  " + string.Join("\n  ", problems.Select(p => $"{p.Code}: {p.Message}")));
            }

            return claims;
        }
    }
}
