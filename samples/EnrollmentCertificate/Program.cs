// An enrollment certificate (在学証明書) passes through the person: the university issues it, a student discount
// service asks only whether the student is enrolled and over 18, and verifies the answer. No birth date, no name.
// Uses only the public API of Honnin.Issuer, Honnin.Holder and Honnin.Verifier.
using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Certificates;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

const string Enrollment = HonninDocumentTypes.EnrollmentCertificateDocType;
const string Person = HonninDocumentTypes.Iso23220NameSpace;
var today = DateTimeOffset.UtcNow.Date;

using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var iaca = MdocCertificateFactory.CreateIaca("JP", "Example University IACA", iacaKey, today.AddDays(-1), today.AddYears(5));
var dsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var ds = MdocCertificateFactory.CreateDocumentSigner(iaca, iacaKey, "JP", "Example University DS", dsKey, today.AddDays(-1), today.AddYears(2));
using var dsSigner = SoftwareSigner.FromECDsa(dsKey);
var issuer = new MdocIssuer(new MdocIssuerOptions { Signer = dsSigner, CertificateChain = [ds.RawData], ValidityPeriod = TimeSpan.FromDays(90) });

using var deviceKey = SoftwareSigner.Generate(CoseAlgorithm.ES256);
var keys = new InMemoryDeviceKeyResolver();
keys.Add(deviceKey);
var holder = new MdocHolder(new InMemoryCredentialStore(), keys);

var claims = new DocumentClaims()
    .Add(Person, "family_name", new CborTextString("佐藤"))
    .Add(Person, "given_name", new CborTextString("花子"))
    .Add(Person, "birth_date", new CborFullDate(new DateOnly(2005, 6, 15)))
    .Add(Person, "age_over_18", CborBoolean.True)
    .Add(Enrollment, "full_name", new CborTextString("佐藤 花子"))
    .Add(Enrollment, "school_code", new CborTextString("F113110102700"))
    .Add(Enrollment, "school_name", new CborTextString("本人大学"))
    .Add(Enrollment, "enrollment_status", new CborTextString("enrolled"))
    .Add(Enrollment, "issuing_authority", new CborTextString("本人大学長"))
    .Add(Enrollment, "issue_date", new CborFullDate(DateOnly.FromDateTime(today)))
    .Add(Enrollment, "expiry_date", new CborFullDate(DateOnly.FromDateTime(today.AddDays(90))));
await holder.StoreAsync((await issuer.IssueAsync(new MdocIssuanceRequest("enrollment-certificate", claims, deviceKey.PublicKey))).Encode());

var transcript = SessionTranscript.ForOpenId4VpDcApi("https://discount.example.jp", "nonce-42", null);
var request = new DeviceRequestBuilder()
    .Request(Enrollment, Person, "age_over_18", IntentToRetain.DoNotRetain)
    .Request(Enrollment, Enrollment, "enrollment_status", IntentToRetain.DoNotRetain)
    .Request(Enrollment, Enrollment, "school_name", IntentToRetain.DoNotRetain)
    .Build();
var plan = await holder.PlanAsync(request, transcript);
var response = await holder.RespondAsync(plan, transcript);

using var anchors = TrustAnchorSet.Create([iaca]);
var verifier = new MdocVerifier(new MdocVerifierOptions
{
    TrustAnchors = anchors,
    RequiredElements = [(Person, "age_over_18"), (Enrollment, "enrollment_status")],
});
var result = verifier.Verify(response.Encoded.EncodedBytes, new MdocSession(transcript));
var document = result.Documents.SingleOrDefault();
var enrolled = document?.Elements[Enrollment]["enrollment_status"] is CborTextString { Value: "enrolled" };
var adult = document?.Elements[Person]["age_over_18"] is CborBoolean { Value: true };
Console.WriteLine(result.IsValid && enrolled && adult
    ? "Student discount granted: enrolled and over 18 (no name or birth date was shared)."
    : "Not granted: " + string.Join(", ", result.Failures.Select(f => f.Code)));
return result.IsValid ? 0 : 1;
