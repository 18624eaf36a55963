// A withholding slip (源泉徴収票) passes through the person: the former employer issues it to the employee's
// wallet, the new employer asks for what it needs, the wallet plans, and the new employer verifies what was shown.
// Uses only the public API of Honnin.Issuer, Honnin.Holder and Honnin.Verifier.
using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
const string Person = HonninDocumentTypes.Iso23220NameSpace;
var today = DateTimeOffset.UtcNow.Date;

// Issuer: a test IACA and Document Signer (production issuers sign through an HSM behind ISigner).
using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var iaca = MdocCertificateFactory.CreateIaca("JP", "Example IACA", iacaKey, today.AddDays(-1), today.AddYears(5));
var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Example Payroll DS", dsKey, today.AddDays(-1), today.AddYears(2));
using var dsSigner = SoftwareSigner.FromECDsa(dsKey);
var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = dsSigner, CertificateChain = [ds.RawData] });

// Wallet: a store and a device key.
using var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
var keys = new InMemoryDeviceKeyResolver();
keys.Add(deviceKey);
var holder = new MdocHolder(new InMemoryCredentialStore(), keys);

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
var issued = await issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", claims, deviceKey.PublicKey));
await holder.StoreAsync(issued.Encode());

// The new employer asks; the session transcript binds the answer to this exchange.
var transcript = SessionTranscript.ForOpenId4VpDcApi("https://new-employer.example.jp", "nonce-20260401", null);
var request = new DeviceRequestBuilder()
    .Request(Slip, Person, "family_name", IntentToRetain.Retain)
    .Request(Slip, Slip, "payment_amount", IntentToRetain.Retain)
    .Request(Slip, Slip, "withholding_tax_amount", IntentToRetain.Retain)
    .Request(Slip, Slip, "remarks", IntentToRetain.DoNotRetain)
    .Build();

// The wallet plans; the person sees the plan. Remarks (摘要) wait for explicit confirmation, which is not given here.
var plan = await holder.PlanAsync(request, transcript);
foreach (var element in plan.Documents[0].Elements)
{
    Console.WriteLine($"{element.Decision,-18} {element.DisplayNameJa} ({element.Identifier}): {element.Reason}");
}

var response = await holder.RespondAsync(plan, transcript);

// The new employer verifies.
using var anchors = TrustAnchorSet.Create([iaca]);
var result = new MdocVerifier(new MdocVerifierOptions { TrustAnchors = anchors })
    .Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));
Console.WriteLine(result.IsValid ? "Verified:" : "Rejected: " + string.Join(", ", result.Failures.Select(f => f.Code)));
foreach (var (nameSpace, elements) in result.Documents.SelectMany(d => d.Elements))
{
    foreach (var (identifier, value) in elements)
    {
        Console.WriteLine($"  {nameSpace}/{identifier} = {value.Kind switch { CborValueKind.Integer => ((CborInteger)value).Value.ToString(System.Globalization.CultureInfo.InvariantCulture), CborValueKind.TextString => ((CborTextString)value).Value, _ => value.Kind.ToString() }}");
    }
}

return result.IsValid ? 0 : 1;
