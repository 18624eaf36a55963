using System.CommandLine;
using System.Text.Json.Nodes;
using System.Security.Cryptography;
using Honnin.Issuer.Certificates;
using Honnin.Registration;
using Honnin.X509;

namespace Honnin.Cli.Commands;

/// <summary>
/// <c>honnin registrar</c>: a test registrar that registers verifiers (domains, purpose, elements) by issuing their reader
/// certificates with the registration extension. Wallets trust the registrar, never a verifier's own claims.
/// </summary>
internal static class RegistrarCommand
{
    public const string RegistrarCertificateFile = "registrar.pem";
    public const string RegistrarKeyFile = "registrar.key.pem";
    public const string ReaderCertificateFile = "reader.pem";
    public const string ReaderKeyFile = "reader.key.pem";

    public static Command Create()
    {
        var command = new Command("registrar", "Create a test registrar and register verifiers (domains, purpose, elements). For tests only.");
        command.Subcommands.Add(CreateRegistrar());
        command.Subcommands.Add(Register());
        return command;
    }

    private static Command CreateRegistrar()
    {
        var output = new Option<string>("--out") { Description = "Folder for registrar.pem and registrar.key.pem.", Required = true };
        var name = new Option<string>("--name") { Description = "Common name of the registrar.", DefaultValueFactory = _ => "Honnin Test Registrar" };
        var command = new Command("create", "Create a registrar root certificate and key, valid for 10 years.") { output, name, CommonOptions.Json() };
        command.SetAction(parseResult =>
        {
            var directory = parseResult.GetValue(output)!;
            var keyPath = Path.Combine(directory, RegistrarKeyFile);
            OutputFiles.RefuseToOverwrite(keyPath, "registrar key");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var start = CaCommand.StartOfYesterday();
            using var certificate = MdocCertificateFactory.CreateIaca("JP", parseResult.GetValue(name)!, key, start, start.AddYears(10));
            OutputFiles.WriteText(Path.Combine(directory, RegistrarCertificateFile), certificate.ExportCertificatePem() + "\n", "--out");
            OutputFiles.WriteSecretText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", "--out");
            Reports.Write(parseResult, $"Created {Path.Combine(directory, RegistrarCertificateFile)} ({certificate.Subject}) and its key.", new JsonObject { ["certificate"] = Path.Combine(directory, RegistrarCertificateFile), ["key"] = keyPath, ["subject"] = certificate.Subject });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Register()
    {
        var registrar = new Option<string>("--registrar") { Description = "Folder with registrar.pem and registrar.key.pem.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the verifier's reader.pem and reader.key.pem.", Required = true };
        var name = new Option<string>("--name") { Description = "The verifier's name (certificate CN).", Required = true };
        var domains = new Option<string>("--domains") { Description = "Pseudonym domains, comma-separated (e.g. employment,tax).", DefaultValueFactory = _ => string.Empty };
        var purpose = new Option<string>("--purpose") { Description = "The purpose the person is shown.", Required = true };
        var elements = new Option<string>("--elements") { Description = "Elements the verifier may ask for: namespace/identifier, comma-separated.", Required = true };
        var customDomains = DomainLists.CustomDomainsOption();
        var command = new Command("register", "Register a verifier: issue its reader certificate with the registration extension, valid for one year.")
        {
            registrar, output, name, domains, purpose, elements, customDomains, CommonOptions.Json(),
        };
        command.SetAction(parseResult =>
        {
            var directory = parseResult.GetValue(output)!;
            var keyPath = Path.Combine(directory, ReaderKeyFile);
            OutputFiles.RefuseToOverwrite(keyPath, "reader key");
            var domainList = DomainLists.Parse("--domains", parseResult.GetValue(domains), parseResult.GetValue(customDomains)).Order(StringComparer.Ordinal).ToList();
            var elementList = Split(parseResult.GetValue(elements)!);
            if (elementList.Count == 0 || elementList.Any(e => e.IndexOf('/', StringComparison.Ordinal) <= 0))
            {
                throw new UsageException("--elements must list namespace/identifier entries, e.g. jp.honnin.withholding_slip.1/payment_amount.");
            }

            CheckElements(elementList);

            VerifierRegistration registration;
            try
            {
                registration = new VerifierRegistration(domainList, parseResult.GetValue(purpose)!, elementList);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(ErrorText.Plain(e));
            }

            var registrarDirectory = parseResult.GetValue(registrar)!;
            using var root = CaCommand.ReadCertificate(Path.Combine(registrarDirectory, RegistrarCertificateFile), "registrar certificate");
            using var rootSigner = KeyFiles.ReadPemSigner(Path.Combine(registrarDirectory, RegistrarKeyFile), "registrar key");
            using var rootKey = rootSigner.ExportECDsa();
            using var readerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var start = CaCommand.StartOfYesterday();
            try
            {
                using var certificate = MdocCertificateFactory.CreateReaderAuthentication(root, rootKey, parseResult.GetValue(name)!, readerKey, start, start.AddYears(1), registration);
                OutputFiles.WriteText(Path.Combine(directory, ReaderCertificateFile), certificate.ExportCertificatePem() + "\n", "--out");
                OutputFiles.WriteSecretText(keyPath, readerKey.ExportPkcs8PrivateKeyPem() + "\n", "--out");
                Reports.Write(
                    parseResult,
                    $"Registered {certificate.Subject} for domains [{string.Join(", ", registration.Domains)}] and {registration.Elements.Count} element(s); wrote {Path.Combine(directory, ReaderCertificateFile)}.",
                    new JsonObject { ["certificate"] = Path.Combine(directory, ReaderCertificateFile), ["key"] = keyPath, ["subject"] = certificate.Subject, ["domains"] = Reports.Strings(registration.Domains), ["elements"] = Reports.Strings(registration.Elements), ["purpose"] = registration.Purpose });
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new UsageException("The verifier cannot be registered: " + ErrorText.Plain(e));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Every element must be one a known document type defines (or a pseudonym): a typing error is not registered.</summary>
    private static void CheckElements(List<string> elements)
    {
        var registry = DocumentTypes.DocumentTypeRegistry.CreateDefault();
        foreach (var element in elements)
        {
            var slash = element.LastIndexOf('/');
            var (nameSpace, identifier) = (element[..slash], element[(slash + 1)..]);
            if (nameSpace == Pseudonyms.PseudonymDomain.MdocNamespace && Pseudonyms.PseudonymDomain.TryFromElementIdentifier(identifier, out _))
            {
                continue;
            }

            if (registry.Types.Any(t => t.TryGetElement(nameSpace, identifier, out _)))
            {
                continue;
            }

            var known = registry.Types.SelectMany(t => t.NameSpaces).ToHashSet(StringComparer.Ordinal);
            throw new UsageException(known.Contains(nameSpace)
                ? $"--elements: '{identifier}' is not an element of {nameSpace}."
                : $"--elements: '{nameSpace}' is not a namespace of a known document type ({string.Join(", ", known.Order(StringComparer.Ordinal))}).");
        }
    }

    private static List<string> Split(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
