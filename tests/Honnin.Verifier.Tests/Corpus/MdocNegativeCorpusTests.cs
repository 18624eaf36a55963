using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Issuer.Certificates;
using Honnin.Mdoc;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Corpus;

/// <summary>
/// The negative corpus for mdoc: attacks and malformed inputs built from withholding slips the test issues and presents
/// itself (<see cref="MdocCorpusBuilder"/>), each a named row that must fail closed with exactly the failure codes it
/// lists, in pipeline order. Where an attack needs a validly signed but wrong structure, the test signs it: with the real
/// Document Signer (wrong MSO), with a Document Signer certificate of the wrong profile, or with a key of its own.
/// </summary>
public sealed class MdocNegativeCorpusTests
{
    private const string Enrollment = Honnin.DocumentTypes.HonninDocumentTypes.EnrollmentCertificateDocType;

    // Items inside the first document's slip namespace, for raw edits.
    private static readonly object[] FirstSlipItem = ["documents", 0, "issuerSigned", "nameSpaces", Slip, 0];

    private static readonly CorpusCase[] Cases =
    [
        // ---- The DeviceResponse envelope ----
        Case("status-10-general-error", b => EditRoot(b.Signed, r => With(r, "status", new CborInteger(10))), VerificationFailureCodes.ResponseStatus),
        Case("status-11-cbor-decoding-error", b => EditRoot(b.Signed, r => With(r, "status", new CborInteger(11))), VerificationFailureCodes.ResponseStatus),
        Case("status-12-cbor-validation-error", b => EditRoot(b.Signed, r => With(r, "status", new CborInteger(12))), VerificationFailureCodes.ResponseStatus),
        Case("documents-missing", b => EditRoot(b.Signed, r => With(r, "documents", null)), VerificationFailureCodes.NoDocuments),
        Case("documents-empty", b => EditRoot(b.Signed, r => With(r, "documents", new CborArray())), VerificationFailureCodes.NoDocuments),
        Case("version-missing", b => EditRoot(b.Signed, r => With(r, "version", null)), MdocFormatCodes.Malformed),

        // ---- CBOR: the strict decoder ----
        Case("cbor-empty-input", _ => [], CborFailureCodes.Malformed),
        Case("cbor-truncated", b => b.Signed[..^1], CborFailureCodes.Malformed),
        Case("cbor-trailing-bytes", b => [.. b.Signed, 0x00], CborFailureCodes.TrailingBytes),
        Case("cbor-duplicate-key-status-0-and-10", b => RawEdit(Decode(b.Signed), [], AppendEntry(Decode(b.Signed), new CborTextString("status"), new CborInteger(10))), CborFailureCodes.DuplicateKey),
        Case("cbor-duplicate-key-protected-header", b => b.WithIssuerAuth([0xa2, 0x01, 0x26, 0x01, 0x26], X5Chain(b.Pki.DocumentSigner), Signer(b.Pki.Signer)), CborFailureCodes.DuplicateKey),
        Case("cbor-duplicate-digest-id-in-signed-mso", b => b.WithMsoPayloadSignedByIssuer(
            RawEdit(CborEncodedItem.Wrap(Mso(b.Signed, 0)), [Inside, "valueDigests", Slip], MapWithDuplicateKey(SlipDigests(b), source: 0, target: 1))), CborFailureCodes.DuplicateKey),
        Case("cbor-indefinite-length-response-map", b => RawEdit(Decode(b.Signed), [], Indefinite(Decode(b.Signed))), CborFailureCodes.IndefiniteLength),
        Case("cbor-indefinite-length-documents-array", b => RawEdit(Decode(b.Signed), ["documents"], Indefinite(Get(Decode(b.Signed), "documents"))), CborFailureCodes.IndefiniteLength),
        Case("cbor-indefinite-length-text-in-item", b => RawEdit(Decode(b.Signed), [.. FirstSlipItem, Inside, "elementIdentifier"], Indefinite(new CborTextString("tax_year"))), CborFailureCodes.IndefiniteLength),
        Case("cbor-non-utf8-doctype", b => RawEdit(Decode(b.Signed), ["documents", 0, "docType"], Raw(0x62, 0xc3, 0x28)), CborFailureCodes.Malformed),
        Case("cbor-non-utf8-element-identifier", b => RawEdit(Decode(b.Signed), [.. FirstSlipItem, Inside, "elementIdentifier"], Raw(0x63, 0xff, 0xfe, 0xfd)), CborFailureCodes.Malformed),
        Case("cbor-non-utf8-namespace-key", b => RawEdit(Decode(b.Signed), ["documents", 0, "issuerSigned"], RenameFirstKey((CborMap)Get(Document(b.Signed, 0), "issuerSigned"), [0x6a, .. "nameSpaces"u8[..9], 0xff])), CborFailureCodes.Malformed),
        // Non-shortest encodings are accepted by default (with a warning; see NonShortestEncodingTests) and refused when the
        // verifier asks for strict decoding.
        CaseWith("cbor-non-shortest-status-strict", b => Strict(b, RawEdit(Decode(b.Signed), ["status"], Raw(0x18, 0x00))), CborFailureCodes.NonShortestEncoding),
        CaseWith("cbor-non-shortest-digest-id-in-item-strict", b => Strict(b, RawEdit(Decode(b.Signed), [.. FirstSlipItem, Inside, "digestID"], NonShortestUInt(IssuerSignedItem.Decode(Items(b.Signed, 0, Slip)[0]).DigestId))), CborFailureCodes.NonShortestEncoding),
        CaseWith("cbor-non-shortest-length-in-signed-mso-strict", b => Strict(b, b.WithMsoPayloadSignedByIssuer(
            RawEdit(CborEncodedItem.Wrap(Mso(b.Signed, 0)), [Inside, "docType"], Raw([0x79, 0x00, (byte)Slip.Length, .. System.Text.Encoding.UTF8.GetBytes(Slip)])))), CborFailureCodes.NonShortestEncoding),

        // Accepting non-shortest encodings must not let a key repeat behind another spelling: keys compare as decoded values.
        Case("cbor-duplicate-key-hidden-by-non-shortest-length", b => RawEdit(Decode(b.Signed), [], AppendRawEntry(Decode(b.Signed), [0x78, 0x06, .. "status"u8], [0x0a])), CborFailureCodes.DuplicateKey),
        CaseWith("cbor-duplicate-key-hidden-by-non-shortest-length-strict", b => Strict(b, RawEdit(Decode(b.Signed), [], AppendRawEntry(Decode(b.Signed), [0x78, 0x06, .. "status"u8], [0x0a]))), CborFailureCodes.NonShortestEncoding),
        Case("cbor-duplicate-digest-id-hidden-by-non-shortest-integer-in-signed-mso", b => b.WithMsoPayloadSignedByIssuer(
            RawEdit(CborEncodedItem.Wrap(Mso(b.Signed, 0)), [Inside, "valueDigests", Slip], MapWithRawKey(SlipDigests(b), target: 1, NonShortestKey(SlipDigests(b), source: 0)))), CborFailureCodes.DuplicateKey),

        // Re-encoding an item the issuer signed changes the bytes its digest covers: accepted encoding, refused item.
        Case("cbor-non-shortest-digest-id-in-item-re-encoded-by-holder", b => RawEdit(Decode(b.Signed), [.. FirstSlipItem, Inside, "digestID"], NonShortestUInt(IssuerSignedItem.Decode(Items(b.Signed, 0, Slip)[0]).DigestId)), VerificationFailureCodes.DigestMismatch),
        Case("cbor-oversized-input", b => EditRoot(b.Signed, r => With(r, "documentErrors", new CborByteString(new byte[4 * 1024 * 1024]))), CborFailureCodes.TooLarge),
        Case("cbor-oversized-collection", b => RawEdit(Decode(b.Signed), [], AppendEntry(Decode(b.Signed), new CborTextString("documentErrors"), CborDecoder.Decode(LongArray(100_000), new CborDecodeOptions { MaxCollectionLength = 100_000 }))), CborFailureCodes.TooLarge),
        Case("cbor-deeply-nested-arrays", b => RawEdit(Decode(b.Signed), [], AppendEntry(Decode(b.Signed), new CborTextString("documentErrors"), null, NestedArrays(64))), CborFailureCodes.TooDeep),
        Case("cbor-deeply-nested-tag24", b => RawEdit(Decode(b.Signed), [.. FirstSlipItem, Inside, "elementValue"], Raw(NestedTag24(40))), CborFailureCodes.TooDeep),
        Case("cbor-tag24-item-with-trailing-bytes", b => RawEdit(Decode(b.Signed), FirstSlipItem, Tag24([.. ((CborEncodedItem)Items(b.Signed, 0, Slip)[0]).ContentBytes.Span, 0x00])), CborFailureCodes.TrailingBytes),

        // ---- COSE headers and algorithms of issuerAuth ----
        Case("alg-absent", b => b.WithIssuerAuth([], X5Chain(b.Pki.DocumentSigner), Signer(b.Pki.Signer)), CoseFailureCodes.UnsupportedAlgorithm),
        Case("alg-reserved-0", b => b.WithIssuerAuth(Protected((CoseHeaderLabels.Algorithm, new CborInteger(0))), X5Chain(b.Pki.DocumentSigner), Signer(b.Pki.Signer)), CoseFailureCodes.UnsupportedAlgorithm),
        Case("alg-none-as-text", b => b.WithIssuerAuth(Protected((CoseHeaderLabels.Algorithm, new CborTextString("none"))), X5Chain(b.Pki.DocumentSigner), _ => []), CoseFailureCodes.UnsupportedAlgorithm),
        Case("alg-confusion-hmac-keyed-with-ds-public-key", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.HMAC256))),
            X5Chain(b.Pki.DocumentSigner),
            data => HMACSHA256.HashData(b.Pki.DocumentSigner.PublicKey.ExportSubjectPublicKeyInfo(), data)), CoseFailureCodes.UnsupportedAlgorithm),
        Case("alg-confusion-es256-header-over-p384-key", b =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            using var certificate = b.DocumentSigner(key, Name("P-384 DS", "JP"));
            return b.WithIssuerAuth(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), X5Chain(certificate), EcdsaSigner(key, HashAlgorithmName.SHA256));
        }, VerificationFailureCodes.IssuerSignatureInvalid),
        Case("alg-confusion-es384-header-over-p256-key", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES384))), X5Chain(b.Pki.DocumentSigner), EcdsaSigner(b.DocumentSignerKey, HashAlgorithmName.SHA384)), VerificationFailureCodes.IssuerSignatureInvalid),
        Case("alg-confusion-eddsa-header-over-ec-key", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.EdDSA))), X5Chain(b.Pki.DocumentSigner), Signer(b.Pki.Signer)), VerificationFailureCodes.IssuerSignatureInvalid),
        CaseWith("alg-outside-verifier-policy", b => b.Verify(b.Maced, b.Options with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES384 } }), VerificationFailureCodes.AlgorithmNotAllowed),
        Case("alg-only-in-unprotected-header", b => b.WithIssuerAuth(
            [], CborMap.FromLabels((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256)), (CoseHeaderLabels.X5Chain, new CborByteString(b.Pki.DocumentSigner.RawData))), Signer(b.Pki.Signer)), CoseFailureCodes.UnsupportedAlgorithm),
        Case("alg-in-both-header-buckets", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))),
            CborMap.FromLabels((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256)), (CoseHeaderLabels.X5Chain, new CborByteString(b.Pki.DocumentSigner.RawData))),
            Signer(b.Pki.Signer)), CoseFailureCodes.Malformed),
        Case("crit-unknown-header", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256)), (CoseHeaderLabels.Critical, new CborArray(new CborInteger(99))), (99, new CborInteger(1))),
            X5Chain(b.Pki.DocumentSigner), Signer(b.Pki.Signer)), CoseFailureCodes.UnknownCriticalHeader),
        Case("crit-in-unprotected-header", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))),
            CborMap.FromLabels((CoseHeaderLabels.Critical, new CborArray(new CborInteger(CoseHeaderLabels.X5Chain))), (CoseHeaderLabels.X5Chain, new CborByteString(b.Pki.DocumentSigner.RawData))),
            Signer(b.Pki.Signer)), CoseFailureCodes.Malformed),
        Case("crit-names-absent-header", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256)), (CoseHeaderLabels.Critical, new CborArray(new CborInteger(CoseHeaderLabels.KeyId)))),
            X5Chain(b.Pki.DocumentSigner), Signer(b.Pki.Signer)), CoseFailureCodes.Malformed),
        Case("issuer-auth-tagged-as-cose-mac0", b => ReplaceIssuerAuth(b.Signed, 0, new CborTaggedValue(CoseMac0Message.Tag, IssuerAuth(b.Signed, 0))), CoseFailureCodes.Malformed),
        Case("issuer-auth-detached-payload", b => ReplaceIssuerAuth(b.Signed, 0, Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), X5Chain(b.Pki.DocumentSigner), b.MsoPayloadA, Signer(b.Pki.Signer), embed: false)), MdocFormatCodes.Malformed),
        Case("issuer-signature-by-other-key", b =>
        {
            using var key = b.AttackerKey.ExportECDsa();
            return b.ResignedBy(key, b.Pki.DocumentSigner);
        }, VerificationFailureCodes.IssuerSignatureInvalid),
        Case("x5chain-missing", b => b.WithIssuerAuth(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), new CborMap([]), Signer(b.Pki.Signer)), VerificationFailureCodes.IssuerCertificateMissing),
        Case("x5chain-not-a-certificate", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborByteString(new byte[100]))), Signer(b.Pki.Signer)), VerificationFailureCodes.IssuerCertificateNotDer),
        Case("x5chain-pem-text-in-a-byte-string", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborByteString(System.Text.Encoding.ASCII.GetBytes(b.Pki.DocumentSigner.ExportCertificatePem())))), Signer(b.Pki.Signer)), VerificationFailureCodes.IssuerCertificateNotDer),
        Case("x5chain-der-with-trailing-bytes", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborByteString((byte[])[.. b.Pki.DocumentSigner.RawData, 0x00, 0x00]))), Signer(b.Pki.Signer)), VerificationFailureCodes.IssuerCertificateNotDer),
        Case("x5chain-text", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborTextString("MIIB"))), Signer(b.Pki.Signer)), CoseFailureCodes.Malformed),
        Case("x5chain-empty-array", b => b.WithIssuerAuth(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborArray())), Signer(b.Pki.Signer)), CoseFailureCodes.Malformed),

        // ---- The Document Signer certificate and its chain ----
        Case("ds-under-untrusted-iaca", b =>
        {
            using var other = new TestIssuer();
            using var key = other.Signer.ExportECDsa();
            return b.ResignedBy(key, other.DocumentSigner, other.Iaca);
        }, CertificateProblemCodes.UntrustedIssuer),
        Case("ds-self-signed", b =>
        {
            using var key = b.AttackerKey.ExportECDsa();
            return b.ResignedBy(key, b.AttackerCertificate);
        }, CertificateProblemCodes.UntrustedIssuer),
        Case("ds-signature-forged-under-iaca-name", b => WithOddDocumentSigner(b, key =>
        {
            using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Issue(Name("Forged DS", "JP"), key, b.Pki.Iaca, forger, TestIssuer.Now.AddDays(-30), TestIssuer.Now.AddYears(1), DocumentSignerExtensions());
        }), CertificateProblemCodes.ChainInvalid),
        Case("ds-expired", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, notBefore: TestIssuer.Now.AddDays(-60), notAfter: TestIssuer.Now.AddDays(1))), CertificateProblemCodes.CertificateExpired),
        Case("ds-not-yet-valid", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, notBefore: TestIssuer.Now.AddDays(20))),
            CertificateProblemCodes.CertificateNotYetValid, VerificationFailureCodes.MsoSignedOutsideCertificateValidity),
        Case("ds-without-mdoc-eku", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, extensions: [new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true)])), CertificateProblemCodes.DsMissingEku),
        Case("ds-with-reader-eku", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, extensions: DocumentSignerExtensions(MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage))), CertificateProblemCodes.DsMissingEku),
        Case("ds-without-key-usage", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, extensions: [DocumentSignerExtensions()[1]])), CertificateProblemCodes.DsKeyUsage),
        Case("ds-is-a-ca", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, extensions: [.. DocumentSignerExtensions(), new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true)])), CertificateProblemCodes.DsIsCa),
        Case("ds-country-mismatch", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, Name("Odd DS", "US"))), CertificateProblemCodes.DsCountryMismatch),
        Case("ds-without-country", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, Name("Odd DS", null))), CertificateProblemCodes.DsMissingCountry),
        CaseWith("ds-state-mismatch", b =>
        {
            using var iacaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var iaca = MdocCertificateFactory.CreateIaca("JP", "Tokyo IACA", iacaKey, TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(5), stateOrProvince: "Tokyo");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var ds = Issue(Name("Osaka DS", "JP", "Osaka"), key, iaca, iacaKey, TestIssuer.Now.AddDays(-30), TestIssuer.Now.AddYears(1), DocumentSignerExtensions());
            using var anchors = TrustAnchorSet.Create([iaca]);
            return b.Verify(b.ResignedBy(key, ds), b.Options with { TrustAnchors = anchors });
        }, CertificateProblemCodes.DsStateMismatch),
        Case("ds-is-the-iaca", b =>
        {
            using var key = b.IacaKey;
            return b.ResignedBy(key, b.Pki.Iaca);
        }, CertificateProblemCodes.DsMissingEku, CertificateProblemCodes.DsKeyUsage, CertificateProblemCodes.DsIsCa),
        Case("ds-subject-not-utf8", b => WithPatchedDocumentSigner(b, [0x0c, 0x06, .. "Odd DS"u8], [0x0c, 0x06, 0xff, 0xfe, .. "d DS"u8]), VerificationFailureCodes.IssuerCertificateMissing),
        Case("ds-country-not-a-printable-string", b => WithPatchedDocumentSigner(b, [0x13, 0x02, .. "JP"u8], [0x13, 0x02, .. "J*"u8]), CertificateProblemCodes.ChainInvalid, CertificateProblemCodes.CertificateMalformed),
        Case("mso-signed-before-ds-valid", b => WithOddDocumentSigner(b, key => b.DocumentSigner(key, notBefore: TestIssuer.Now)), VerificationFailureCodes.MsoSignedOutsideCertificateValidity),

        // ---- The MSO, validly signed by the real Document Signer but wrong ----
        Case("mso-doctype-mismatch", b => b.WithMsoSignedByIssuer(mso => With(mso, "docType", new CborTextString(Enrollment))), VerificationFailureCodes.DocTypeMismatch),
        Case("document-doctype-changed", b => EditDocument(b.Signed, 0, d => With(d, "docType", new CborTextString(Enrollment))), VerificationFailureCodes.DocTypeMismatch, VerificationFailureCodes.DeviceSignatureInvalid),
        Case("credential-presented-under-other-doctype", b => Encode(DeviceResponse.Create([Present(b.Enrollment, (_, _) => true, Slip, b.DeviceKeyEnrollment, b.Transcript)])), VerificationFailureCodes.DocTypeMismatch),
        Case("mso-expired", b => b.WithMsoSignedByIssuer(mso => WithValidity(mso, TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddDays(-1), TestIssuer.Now.AddDays(5))), VerificationFailureCodes.MsoExpired),
        Case("mso-not-yet-valid", b => b.WithMsoSignedByIssuer(mso => WithValidity(mso, TestIssuer.Now, TestIssuer.Now.AddDays(20), TestIssuer.Now.AddYears(1))), VerificationFailureCodes.MsoNotYetValid),
        Case("mso-valid-from-before-signed", b => b.WithMsoSignedByIssuer(mso => WithValidity(mso, TestIssuer.Now.AddDays(5), TestIssuer.Now, TestIssuer.Now.AddYears(1))), VerificationFailureCodes.MsoValidityInconsistent),
        Case("mso-valid-until-not-after-valid-from", b => b.WithMsoSignedByIssuer(mso => WithValidity(mso, TestIssuer.Now, VerificationTime, VerificationTime)), VerificationFailureCodes.MsoValidityInconsistent),
        CaseWith("mso-signed-at-end-of-time-by-other-key-with-clock-skew", b =>
        {
            var end = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);
            using var key = b.AttackerKey.ExportECDsa();
            var payload = MsoPayload(WithValidity(Mso(b.Signed, 0), end, end, end));
            var response = ReplaceIssuerAuth(b.Signed, 0, IssuerAuth(payload, EcdsaSigner(key, HashAlgorithmName.SHA256), b.Pki.DocumentSigner));
            return b.Verify(response, b.Options with { ClockSkew = TimeSpan.FromMinutes(5) });
        }, VerificationFailureCodes.IssuerSignatureInvalid, VerificationFailureCodes.MsoValidityInconsistent, VerificationFailureCodes.MsoNotYetValid, VerificationFailureCodes.MsoSignedOutsideCertificateValidity),
        Case("mso-unsupported-digest-algorithm", b => b.WithMsoSignedByIssuer(mso => With(mso, "digestAlgorithm", new CborTextString("MD5"))), MdocFormatCodes.UnsupportedDigestAlgorithm),
        Case("mso-digest-of-wrong-length", b => b.WithMsoSignedByIssuer(mso => WithSlipDigests(mso, digests => new CborMap(digests.Entries.Select((e, i) => i == 0 ? new KeyValuePair<CborValue, CborValue>(e.Key, new CborByteString(new byte[16])) : e)))), MdocFormatCodes.Malformed),
        Case("mso-payload-not-tag24", b => b.WithMsoPayloadSignedByIssuer(Mso(b.Signed, 0).EncodedBytes.ToArray()), MdocFormatCodes.Malformed),
        Case("mso-device-key-off-curve", b => b.WithMsoSignedByIssuer(mso =>
        {
            var deviceKey = (CborMap)Get((CborMap)Get(mso, "deviceKeyInfo"), "deviceKey");
            var x = ((CborByteString)deviceKey.Entries.Single(e => IsLabel(e.Key, -2)).Value).Value.ToArray();
            x[^1] ^= 0x01;
            var changed = new CborMap(deviceKey.Entries.Select(e => IsLabel(e.Key, -2) ? new KeyValuePair<CborValue, CborValue>(e.Key, new CborByteString(x)) : e));
            return With(mso, "deviceKeyInfo", CborMap.FromText(("deviceKey", changed)));
        }), CoseKeyFailureCodes.InvalidKey),
        Case("mso-version-2.0", b => b.WithMsoSignedByIssuer(mso => With(mso, "version", new CborTextString("2.0"))), MdocFormatCodes.UnsupportedMsoVersion),
        Case("mso-version-without-minor", b => b.WithMsoSignedByIssuer(mso => With(mso, "version", new CborTextString("1"))), MdocFormatCodes.UnsupportedMsoVersion),
        Case("mso-version-empty", b => b.WithMsoSignedByIssuer(mso => With(mso, "version", new CborTextString(string.Empty))), MdocFormatCodes.UnsupportedMsoVersion),
        Case("mso-version-missing", b => b.WithMsoSignedByIssuer(mso => With(mso, "version", null)), MdocFormatCodes.Malformed),
        Case("mso-version-not-text", b => b.WithMsoSignedByIssuer(mso => With(mso, "version", new CborInteger(1))), MdocFormatCodes.Malformed),
        Case("mso-without-digests-of-a-disclosed-namespace", b => b.WithMsoSignedByIssuer(mso => With(mso, "valueDigests", With((CborMap)Get(mso, "valueDigests"), Iso, null))), VerificationFailureCodes.DigestMissing),

        // ---- Disclosed items and their digests ----
        Case("item-value-changed", b => EditItems(b.Signed, 0, Slip, items => items.Select(i => Identifier(i) == "payment_amount" ? RewriteItem(i, "elementValue", new CborInteger(50_000_000)) : i)), VerificationFailureCodes.DigestMismatch),
        Case("item-salt-changed", b => EditItems(b.Signed, 0, Slip, items => items.Select(i => Identifier(i) == "payment_amount" ? RewriteItem(i, "random", new CborByteString(new byte[32])) : i)), VerificationFailureCodes.DigestMismatch),
        Case("item-identifier-changed", b => EditItems(b.Signed, 0, Slip, items => items.Select(i => Identifier(i) == "tax_year" ? RewriteItem(i, "elementIdentifier", new CborTextString("full_name")) : i)), VerificationFailureCodes.DigestMismatch),
        Case("item-digest-id-unknown", b => EditItems(b.Signed, 0, Slip, items => items.Select(i => Identifier(i) == "payment_amount" ? RewriteItem(i, "digestID", new CborInteger((long)int.MaxValue + 7)) : i)), VerificationFailureCodes.DigestMissing),
        Case("item-digest-id-of-another-digest", b => EditItems(b.Signed, 0, Slip, items =>
        {
            // Another digest of the MSO that no disclosed item uses (an undisclosed element's or a decoy's): pointing
            // at a disclosed item's ID would be a duplicate item instead, a different case.
            var disclosed = items.Select(i => IssuerSignedItem.Decode(i).DigestId).ToHashSet();
            return items.Select(i =>
            {
                var item = IssuerSignedItem.Decode(i);
                if (item.ElementIdentifier != "payment_amount")
                {
                    return i;
                }

                var other = SlipDigests(b).Entries.Select(e => (ulong)((CborInteger)e.Key).Value).First(id => !disclosed.Contains(id));
                return RewriteItem(i, "digestID", new CborInteger(other));
            }).ToList();
        }), VerificationFailureCodes.DigestMismatch),
        Case("item-moved-to-other-namespace", b => MoveItem(b.Signed, 0, Iso, "family_name", 0, Slip), VerificationFailureCodes.DigestMissing),
        Case("item-moved-to-unknown-namespace", b => MoveItem(b.Signed, 0, Slip, "payment_amount", 0, "org.example.other"), VerificationFailureCodes.DigestMissing),
        Case("item-moved-to-other-document", b => ReplaceItem(b.TwoDocuments, 0, Slip, "payment_amount", Item(b.TwoDocuments, 1, Slip, "payment_amount")), VerificationFailureCodes.DigestMissing),
        Case("item-of-other-document-with-digest-id-rewritten", b =>
        {
            var target = IssuerSignedItem.Decode(Item(b.TwoDocuments, 0, Slip, "payment_amount"));
            var foreign = RewriteItem(Item(b.TwoDocuments, 1, Slip, "payment_amount"), "digestID", new CborInteger(target.DigestId));
            return ReplaceItem(b.TwoDocuments, 0, Slip, "payment_amount", foreign);
        }, VerificationFailureCodes.DigestMismatch),
        Case("items-swapped-between-documents", b =>
        {
            var first = Item(b.TwoDocuments, 0, Slip, "payment_amount");
            var second = Item(b.TwoDocuments, 1, Slip, "payment_amount");
            return ReplaceItem(ReplaceItem(b.TwoDocuments, 0, Slip, "payment_amount", second), 1, Slip, "payment_amount", first);
        }, VerificationFailureCodes.DigestMissing, VerificationFailureCodes.DigestMissing),
        Case("issuer-signed-swapped-between-documents", b =>
        {
            var first = Get(Document(b.TwoDocuments, 0), "issuerSigned");
            var second = Get(Document(b.TwoDocuments, 1), "issuerSigned");
            var swapped = EditDocument(b.TwoDocuments, 0, d => With(d, "issuerSigned", second));
            return EditDocument(swapped, 1, d => With(d, "issuerSigned", first));
        }, VerificationFailureCodes.DeviceSignatureInvalid, VerificationFailureCodes.DeviceSignatureInvalid),
        Case("duplicate-digest-id", b => EditItems(b.Signed, 0, Slip, items => [.. items, RewriteItem(items[0], "elementIdentifier", new CborTextString("full_name"))]), MdocFormatCodes.DuplicateItem),
        Case("duplicate-item", b => EditItems(b.Signed, 0, Slip, items => [.. items, items[0]]), MdocFormatCodes.DuplicateItem),
        Case("namespace-without-items", b => EditItems(b.Signed, 0, Slip, _ => []), MdocFormatCodes.Malformed),
        Case("item-not-tag24", b => EditItems(b.Signed, 0, Slip, items => [((CborEncodedItem)items[0]).Content, .. items.Skip(1)]), MdocFormatCodes.Malformed),
        CaseWith("required-element-withheld", b => b.Verify(b.Signed, b.Options with { RequiredElements = [(Slip, "full_name")] }), VerificationFailureCodes.ElementMissing),
        Case("pseudonym-of-foreign-domain", b => Encode(DeviceResponse.Create([Present(b.SlipWithTaxPseudonym, (_, _) => true, Slip, b.DeviceKeyA, b.Transcript)])), VerificationFailureCodes.PseudonymForeignDomain),

        // ---- One credential twice ----
        Case("document-presented-twice", b => EditRoot(b.Signed, r => With(r, "documents", new CborArray(Document(b.Signed, 0), Document(b.Signed, 0)))), VerificationFailureCodes.DuplicateDocument),
        Case("credential-presented-twice-with-other-items", b => Encode(DeviceResponse.Create([
            Present(b.SlipA, (ns, i) => Disclosed.Contains((ns, i.ElementIdentifier)), Slip, b.DeviceKeyA, b.Transcript),
            Present(b.SlipA, (_, i) => i.ElementIdentifier == "tax_year", Slip, b.DeviceKeyA, b.Transcript)])), VerificationFailureCodes.DuplicateDocument),
        Case("credential-presented-twice-with-issuer-auth-re-encoded", b =>
        {
            // The second copy's unprotected header gains a header the verifier ignores: other issuerAuth bytes, the same MSO.
            var issuerAuth = IssuerAuth(b.Signed, 0);
            var unprotected = (CborMap)issuerAuth[1];
            var reencoded = new CborArray(issuerAuth[0], new CborMap([.. unprotected.Entries, new(new CborInteger(-65537), new CborInteger(0))]), issuerAuth[2], issuerAuth[3]);
            var copy = With(Document(b.Signed, 0), "issuerSigned", With((CborMap)Get(Document(b.Signed, 0), "issuerSigned"), "issuerAuth", reencoded));
            return EditRoot(b.Signed, r => With(r, "documents", new CborArray(Document(b.Signed, 0), copy)));
        }, VerificationFailureCodes.DuplicateDocument),

        // ---- Device authentication ----
        Case("device-signature-by-other-key", b => Encode(DeviceResponse.Create([Present(b.SlipA, (ns, i) => Disclosed.Contains((ns, i.ElementIdentifier)), Slip, b.AttackerKey, b.Transcript)])), VerificationFailureCodes.DeviceSignatureInvalid),
        Case("device-signature-by-other-documents-key", b => Encode(DeviceResponse.Create([Present(b.SlipA, (ns, i) => Disclosed.Contains((ns, i.ElementIdentifier)), Slip, b.DeviceKeyB, b.Transcript)])), VerificationFailureCodes.DeviceSignatureInvalid),
        CaseWith("device-signature-replayed-in-other-session", b => b.Verify(b.Signed, session: new MdocSession(b.OtherTranscript)), VerificationFailureCodes.DeviceSignatureInvalid),
        Case("device-signed-copied-from-other-document", b => EditDocument(b.TwoDocuments, 0, d => With(d, "deviceSigned", Get(Document(b.TwoDocuments, 1), "deviceSigned"))), VerificationFailureCodes.DeviceSignatureInvalid),
        Case("device-signature-with-embedded-payload", b => WithDeviceSignature(b, (payload, key) => Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), new CborMap([]), payload, Signer(key))), VerificationFailureCodes.DeviceSignaturePayloadNotDetached),
        Case("device-signature-es384-header-over-p256-key", b => WithDeviceSignature(b, (payload, key) =>
        {
            using var ecdsa = key.ExportECDsa();
            return Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES384))), new CborMap([]), payload, EcdsaSigner(ecdsa, HashAlgorithmName.SHA384), embed: false);
        }), VerificationFailureCodes.DeviceSignatureInvalid),
        CaseWith("device-signature-alg-outside-verifier-policy", b => b.Verify(
            WithDeviceSignature(b, (payload, key) => Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.EdDSA))), new CborMap([]), payload, Signer(key), embed: false)),
            b.Options with { AllowedAlgorithms = new HashSet<CoseAlgorithm> { CoseAlgorithm.ES256 } }), VerificationFailureCodes.AlgorithmNotAllowed),
        Case("device-signature-with-mac-alg", b => WithDeviceSignature(b, (payload, key) => Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.HMAC256))), new CborMap([]), payload, Signer(key), embed: false)), CoseFailureCodes.UnsupportedAlgorithm),
        CaseWith("device-mac-with-wrong-reader-key", b => b.Verify(b.Maced, session: new MdocSession(b.Transcript, b.OtherReaderKey)), VerificationFailureCodes.DeviceMacInvalid),
        CaseWith("device-mac-replayed-in-other-session", b => b.Verify(b.Maced, session: new MdocSession(b.OtherTranscript, b.ReaderKey)), VerificationFailureCodes.DeviceMacInvalid),
        CaseWith("device-mac-without-reader-key", b => b.Verify(b.Maced, session: new MdocSession(b.Transcript)), VerificationFailureCodes.ReaderKeyRequired),
        CaseWith("device-mac-reader-key-on-other-curve", b =>
        {
            using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
            return b.Verify(b.Maced, session: new MdocSession(b.Transcript, p384));
        }, VerificationFailureCodes.DeviceMacInvalid),
        Case("device-mac-with-p384-device-key-in-mso", b =>
        {
            // Issued that way, so the issuer signature holds: the reader's P-256 key cannot agree with the device key.
            using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var mso = With(Mso(b.Maced, 0), "deviceKeyInfo", CborMap.FromText(("deviceKey", CoseKey.FromECDsa(p384).Encoded)));
            return ReplaceIssuerAuth(b.Maced, 0, IssuerAuth(MsoPayload(mso), Signer(b.Pki.Signer), b.Pki.DocumentSigner));
        }, VerificationFailureCodes.DeviceMacInvalid),
        Case("device-mac-with-embedded-payload", b => EditDeviceAuth(b.Maced, 0, deviceAuth =>
        {
            var mac = (CborArray)Get(deviceAuth, "deviceMac");
            var document = DeviceResponse.Decode(b.Maced).Documents[0];
            var payload = DeviceAuthentication.BuildBytes(b.Transcript.EncodedBytes.Span, document.DocType, document.DeviceSigned.NameSpacesBytes);
            return With(deviceAuth, "deviceMac", new CborArray(mac[0], mac[1], new CborByteString(payload), mac[3]));
        }), VerificationFailureCodes.DeviceMacPayloadNotDetached),
        Case("device-mac-with-signature-alg", b => EditDeviceAuth(b.Maced, 0, deviceAuth =>
        {
            var mac = (CborArray)Get(deviceAuth, "deviceMac");
            return With(deviceAuth, "deviceMac", new CborArray(new CborByteString(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256)))), mac[1], mac[2], mac[3]));
        }), CoseFailureCodes.UnsupportedAlgorithm),
        Case("device-auth-with-signature-and-mac", b => EditDeviceAuth(b.Maced, 0, deviceAuth => With(deviceAuth, "deviceSignature", Get((CborMap)Get((CborMap)Get(Document(b.Signed, 0), "deviceSigned"), "deviceAuth"), "deviceSignature"))), MdocFormatCodes.Malformed),
        Case("device-auth-empty", b => EditDeviceAuth(b.Signed, 0, deviceAuth => With(deviceAuth, "deviceSignature", null)), MdocFormatCodes.Malformed),
        Case("device-namespaces-not-tag24", b => EditDeviceSigned(b.Signed, 0, deviceSigned => With(deviceSigned, "nameSpaces", new CborMap([]))), MdocFormatCodes.Malformed),
    ];

    public static TheoryData<string> CaseIds() => new(Cases.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Negative_case_fails_closed_with_exactly_its_failure_codes(string id)
    {
        var corpusCase = Cases.Single(c => c.Id == id);

        var result = corpusCase.Run(MdocCorpusBuilder.Shared);

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.Equal(corpusCase.Codes, result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Corpus_has_at_least_45_distinct_named_cases()
    {
        Assert.True(Cases.Length >= 45, $"{Cases.Length} cases");
        Assert.Equal(Cases.Length, Cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Controls_built_with_the_same_tools_verify()
    {
        // Each negative differs from one of these in the attack alone: the presentations, a re-signature by the real
        // Document Signer, an MSO rebuilt through the model, a P-384 Document Signer with an honest ES384 header, and a
        // document presented by hand.
        var b = MdocCorpusBuilder.Shared;
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p384Certificate = b.DocumentSigner(p384, Name("P-384 DS", "JP"));
        var controls = new Dictionary<string, byte[]>
        {
            ["signed"] = b.Signed,
            ["maced"] = b.Maced,
            ["two-documents"] = b.TwoDocuments,
            ["re-signed-by-the-document-signer"] = b.ResignedBy(b.DocumentSignerKey, b.Pki.DocumentSigner),
            ["mso-rebuilt-and-signed-by-the-document-signer"] = b.WithMsoSignedByIssuer(mso => With(mso, "docType", new CborTextString(Slip))),
            ["p384-document-signer-with-es384"] = b.WithIssuerAuth(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES384))), X5Chain(p384Certificate), EcdsaSigner(p384, HashAlgorithmName.SHA384)),
            ["presented-by-hand"] = Encode(DeviceResponse.Create([Present(b.SlipA, (ns, i) => Disclosed.Contains((ns, i.ElementIdentifier)), Slip, b.DeviceKeyA, b.Transcript)])),
            ["device-signature-by-hand"] = WithDeviceSignature(b, (payload, key) => Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), new CborMap([]), payload, Signer(key), embed: false)),
        };

        foreach (var (name, response) in controls)
        {
            var result = b.Verify(response, b.Options with { RequiredElements = Disclosed });
            Assert.True(result.IsValid, name + ": " + string.Join(", ", result.Failures.Select(f => f.Code)));
        }
    }

    // ---- Cases ----

    private sealed record CorpusCase(string Id, string[] Codes, Func<MdocCorpusBuilder, VerificationResult> Run)
    {
        public override string ToString() => Id;
    }

    private static CorpusCase Case(string id, Func<MdocCorpusBuilder, byte[]> response, params string[] codes) =>
        new(id, codes, b => b.Verify(response(b)));

    private static CorpusCase CaseWith(string id, Func<MdocCorpusBuilder, VerificationResult> run, params string[] codes) => new(id, codes, run);

    // ---- Helpers ----

    private static VerificationResult Strict(MdocCorpusBuilder b, byte[] response) => b.Verify(response, b.Options with { AcceptNonShortestEncoding = false });

    private static bool IsLabel(CborValue key, long label) => key is CborInteger integer && integer.Value == label;

    private static CborMap SlipDigests(MdocCorpusBuilder b) => (CborMap)Get((CborMap)Get(Mso(b.Signed, 0), "valueDigests"), Slip);

    private static CborMap WithSlipDigests(CborMap mso, Func<CborMap, CborMap> change)
    {
        var valueDigests = (CborMap)Get(mso, "valueDigests");
        return With(mso, "valueDigests", With(valueDigests, Slip, change((CborMap)Get(valueDigests, Slip))));
    }

    private static CborMap WithValidity(CborMap mso, DateTimeOffset signed, DateTimeOffset validFrom, DateTimeOffset validUntil) =>
        With(mso, "validityInfo", CborMap.FromText(("signed", new CborDateTime(signed)), ("validFrom", new CborDateTime(validFrom)), ("validUntil", new CborDateTime(validUntil))));

    /// <summary>Slip A's MSO, unchanged, signed by a new key under the certificate <paramref name="certificate"/> makes for it.</summary>
    private static byte[] WithOddDocumentSigner(MdocCorpusBuilder b, Func<ECDsa, X509Certificate2> certificate)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ds = certificate(key);
        return b.ResignedBy(key, ds);
    }

    /// <summary>Slip A's MSO signed by a new Document Signer whose certificate's subject is patched after the IACA signed it.</summary>
    private static byte[] WithPatchedDocumentSigner(MdocCorpusBuilder b, byte[] find, byte[] replace)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ds = b.DocumentSigner(key, Name("Odd DS", "JP"));
        var der = ds.RawData;
        var at = der.AsSpan().LastIndexOf(find);
        Assert.True(at >= 0);
        replace.CopyTo(der, at);
        return ReplaceIssuerAuth(b.Signed, 0, Sign1(
            Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))),
            CborMap.FromLabels((CoseHeaderLabels.X5Chain, new CborByteString(der))),
            b.MsoPayloadA,
            EcdsaSigner(key, HashAlgorithmName.SHA256)));
    }

    /// <summary>Slip A presented with a deviceSignature that <paramref name="sign"/> makes over the right DeviceAuthenticationBytes with the right key.</summary>
    private static byte[] WithDeviceSignature(MdocCorpusBuilder b, Func<byte[], Honnin.Crypto.SoftwareSigner, CborArray> sign) => EditDeviceAuth(b.Signed, 0, _ =>
    {
        var document = DeviceResponse.Decode(b.Signed).Documents[0];
        var payload = DeviceAuthentication.BuildBytes(b.Transcript.EncodedBytes.Span, document.DocType, document.DeviceSigned.NameSpacesBytes);
        return CborMap.FromText(("deviceSignature", sign(payload, b.DeviceKeyA)));
    });

    private static byte[] MoveItem(byte[] response, int fromDocument, string fromNameSpace, string identifier, int toDocument, string toNameSpace)
    {
        var moved = Item(response, fromDocument, fromNameSpace, identifier);
        var without = EditItems(response, fromDocument, fromNameSpace, items => items.Where(i => Identifier(i) != identifier));
        return EditNameSpaces(without, toDocument, nameSpaces =>
        {
            var existing = nameSpaces.TryGetValue(toNameSpace, out var items) ? ((CborArray)items).Items : [];
            return With(nameSpaces, toNameSpace, new CborArray([.. existing, moved]));
        });
    }

    private static byte[] ReplaceItem(byte[] response, int document, string nameSpace, string identifier, CborValue replacement) =>
        EditItems(response, document, nameSpace, items => items.Select(i => Identifier(i) == identifier ? replacement : i));

    private static Action<System.Formats.Cbor.CborWriter> AppendEntry(CborMap map, CborValue key, CborValue? value, byte[]? rawValue = null) => writer =>
    {
        writer.WriteStartMap(map.Count + 1);
        foreach (var (entryKey, entryValue) in map.Entries)
        {
            entryKey.WriteTo(writer);
            entryValue.WriteTo(writer);
        }

        key.WriteTo(writer);
        if (value is not null)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteEncodedValue(rawValue);
        }

        writer.WriteEndMap();
    };

    /// <summary>Writes the map with one more entry, its key and value given as raw bytes.</summary>
    private static Action<System.Formats.Cbor.CborWriter> AppendRawEntry(CborMap map, byte[] rawKey, byte[] rawValue) => writer =>
    {
        writer.WriteStartMap(map.Count + 1);
        foreach (var (entryKey, entryValue) in map.Entries)
        {
            entryKey.WriteTo(writer);
            entryValue.WriteTo(writer);
        }

        writer.WriteEncodedValue(rawKey);
        writer.WriteEncodedValue(rawValue);
        writer.WriteEndMap();
    };

    /// <summary>Writes the map with the key of entry <paramref name="target"/> replaced by the raw encoded key.</summary>
    private static Action<System.Formats.Cbor.CborWriter> MapWithRawKey(CborMap map, int target, byte[] rawKey) => writer =>
    {
        writer.WriteStartMap(map.Count);
        for (var i = 0; i < map.Count; i++)
        {
            if (i == target)
            {
                writer.WriteEncodedValue(rawKey);
            }
            else
            {
                map.Entries[i].Key.WriteTo(writer);
            }

            map.Entries[i].Value.WriteTo(writer);
        }

        writer.WriteEndMap();
    };

    /// <summary>The integer key of entry <paramref name="source"/>, in nine bytes (never its shortest form).</summary>
    private static byte[] NonShortestKey(CborMap map, int source)
    {
        var encoded = new byte[9];
        encoded[0] = 0x1b;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(encoded.AsSpan(1), (ulong)((CborInteger)map.Entries[source].Key).Value);
        return encoded;
    }

    /// <summary>Writes the map with its first key replaced by the raw encoded key.</summary>
    private static Action<System.Formats.Cbor.CborWriter> RenameFirstKey(CborMap map, byte[] rawKey) => writer =>
    {
        writer.WriteStartMap(map.Count);
        for (var i = 0; i < map.Count; i++)
        {
            if (i == 0)
            {
                writer.WriteEncodedValue(rawKey);
            }
            else
            {
                map.Entries[i].Key.WriteTo(writer);
            }

            map.Entries[i].Value.WriteTo(writer);
        }

        writer.WriteEndMap();
    };

    private static Action<System.Formats.Cbor.CborWriter> NonShortestUInt(ulong value)
    {
        var encoded = new byte[9];
        encoded[0] = 0x1b;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(encoded.AsSpan(1), value);
        return Raw(encoded);
    }

    private static Action<System.Formats.Cbor.CborWriter> Tag24(byte[] content) => writer =>
    {
        writer.WriteTag((System.Formats.Cbor.CborTag)CborEncodedItem.TagNumber);
        writer.WriteByteString(content);
    };

    private static byte[] LongArray(int count)
    {
        var writer = NewWriter();
        writer.WriteStartArray(count);
        for (var i = 0; i < count; i++)
        {
            writer.WriteInt32(0);
        }

        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] NestedArrays(int depth) => [.. Enumerable.Repeat((byte)0x81, depth), 0x00];

    private static byte[] NestedTag24(int depth)
    {
        byte[] encoded = [0x00];
        for (var i = 0; i < depth; i++)
        {
            var writer = NewWriter();
            writer.WriteTag((System.Formats.Cbor.CborTag)CborEncodedItem.TagNumber);
            writer.WriteByteString(encoded);
            encoded = writer.Encode();
        }

        return encoded;
    }
}
