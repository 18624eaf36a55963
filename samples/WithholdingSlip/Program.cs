// A withholding slip (源泉徴収票) passes through the person: the former employer issues it to the employee's wallet with
// per-domain pseudonyms; the new employer, registered for the employment and tax domains, asks for what it needs and
// joins the slip to its own records through the employment pseudonym; a welfare office that asks for the employment
// pseudonym is refused by the person's wallet. Uses only the public API of Honnin.Issuer, Honnin.Holder, Honnin.Verifier.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Pseudonyms;
using Honnin.Registration;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
const string Person = HonninDocumentTypes.Iso23220NameSpace;
const string Pseudonyms = HonninDocumentTypes.PseudonymNameSpace;
var today = DateTimeOffset.UtcNow.Date;

// Issuer: a test IACA and Document Signer (production issuers sign through an HSM behind ISigner), and the pseudonym
// authority's key (a deployment imports it from its HSM; here a random one).
using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var iaca = MdocCertificateFactory.CreateIaca("JP", "Example IACA", iacaKey, today.AddDays(-1), today.AddYears(5));
var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Example Payroll DS", dsKey, today.AddDays(-1), today.AddYears(2));
using var dsSigner = SoftwareSigner.FromECDsa(dsKey);
var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = dsSigner, CertificateChain = [ds.RawData] });
using var pseudonymKey = PseudonymKey.Import("k1", RandomNumberGenerator.GetBytes(PseudonymKey.SecretLength));
var authority = new PseudonymAuthority(PseudonymKeyRing.Create(pseudonymKey));

// A registrar registers verifiers: domains, purpose, and the elements each may ask for.
using var registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var registrar = MdocCertificateFactory.CreateIaca("JP", "Example Registrar", registrarKey, today.AddDays(-1), today.AddYears(5));

// Wallet: a store, a device key, and the registrar it recognises.
using var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
var keys = new InMemoryDeviceKeyResolver();
keys.Add(deviceKey);
using var registrars = TrustAnchorSet.Create([registrar]);
var holder = new MdocHolder(new InMemoryCredentialStore(), keys, new HolderOptions { RegistrarTrustAnchors = registrars });

var claims = new DocumentClaims()
    .Add(Person, "family_name", new CborTextString("山田"))
    .Add(Person, "given_name", new CborTextString("太郎"))
    .Add(Slip, "tax_year", new CborInteger(2025))
    .Add(Slip, "full_name", new CborTextString("山田 太郎"))
    .Add(Slip, "payment_category", new CborTextString("給料・賞与"))
    .Add(Slip, "payment_amount", new CborInteger(5_800_000))
    .Add(Slip, "withholding_tax_amount", new CborInteger(98_700))
    .Add(Slip, "remarks", new CborTextString("前職分を含む"))
    .Add(Slip, "payer_name", new CborTextString("株式会社本人"))
    .Add(Slip, "issue_date", new CborFullDate(DateOnly.FromDateTime(today)));
var pseudonyms = authority.DeriveMany("employee-0001", [PseudonymDomain.Employment, PseudonymDomain.Tax, PseudonymDomain.Welfare]);
var issued = await issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", claims, deviceKey.PublicKey)
{
    Pseudonyms = pseudonyms.ToDictionary(p => p.Key, p => p.Value.Value),
});
await holder.StoreAsync(issued.Encode());

// The new employer's records are keyed by the employment pseudonym it already knows for this employee.
var employerRecords = new Dictionary<string, string> { [pseudonyms[PseudonymDomain.Employment].Value] = "社員番号 E-1024" };

await AskAsync("New employer", ["employment", "tax"], [(Pseudonyms, "dp_employment"), (Slip, "payment_amount"), (Slip, "withholding_tax_amount"), (Slip, "remarks")], employerRecords);
await AskAsync("Welfare office", ["welfare"], [(Pseudonyms, "dp_employment"), (Pseudonyms, "dp_welfare"), (Slip, "payment_amount")], []);
return 0;

async Task AskAsync(string name, string[] domains, (string NameSpace, string Identifier)[] elements, Dictionary<string, string> records)
{
    Console.WriteLine($"--- {name} (registered for {string.Join(", ", domains)})");
    var registration = new VerifierRegistration(domains, "checking last year's income", elements.Where(e => e.NameSpace != Pseudonyms && e.Identifier != "remarks").Select(e => e.NameSpace + "/" + e.Identifier));
    using var readerKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
    using var readerPublic = readerKey.ExportECDsa();
    using var readerCertificate = MdocCertificateFactory.CreateReaderAuthentication(registrar, registrarKey, name, readerPublic, today.AddDays(-1), today.AddYears(1), registration);

    var transcript = SessionTranscript.ForOpenId4VpDcApi("https://verifier.example.jp", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), null);
    var builder = new DeviceRequestBuilder();
    foreach (var (nameSpace, identifier) in elements)
    {
        builder.Request(Slip, nameSpace, identifier, IntentToRetain.Retain);
    }

    var request = await builder.BuildAsync(transcript, readerKey, [readerCertificate.RawData], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

    // The wallet plans under its policy; the person sees the plan (and here accepts it as it stands).
    var plan = await holder.PlanAsync(request, transcript);
    foreach (var element in plan.Documents[0].Elements)
    {
        Console.WriteLine($"  wallet: {element.Decision,-18} {element.DisplayNameJa} ({element.Identifier}): {element.Reason}");
    }

    var response = await holder.RespondAsync(plan, transcript);
    using var anchors = TrustAnchorSet.Create([iaca]);
    var result = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors, PseudonymDomains = domains.Select(PseudonymDomain.Create).ToHashSet() })
        .Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));
    Console.WriteLine(result.IsValid ? "  verifier: VALID" : "  verifier: rejected " + string.Join(", ", result.Failures.Select(f => f.Code)));
    foreach (var (domain, key) in result.Documents.SelectMany(d => d.SubjectKeys ?? new Dictionary<string, string>()))
    {
        Console.WriteLine($"  verifier: {domain} pseudonym {key[..16]}… -> {(records.TryGetValue(key, out var record) ? "joined to " + record : "a person it has no record of yet")}");
    }
}
