using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Pseudonyms;
using Honnin.Tests.Issuance;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Corpus;

/// <summary>
/// Valid mdoc presentations the tests issue and present themselves (<see cref="MdocIssuer"/> → <see cref="MdocHolder"/>),
/// and the tools that turn them into attacks: edits through the CBOR model that keep every untouched value's received
/// bytes, raw CBOR writing for encodings the model cannot hold (duplicate keys, indefinite lengths, non-shortest heads,
/// invalid UTF-8), COSE_Sign1 built by hand with any header and any key, and certificates of any profile.
/// </summary>
internal sealed class MdocCorpusBuilder
{
    public const string Slip = HonninDocumentTypes.WithholdingSlipDocType;
    public const string Iso = HonninDocumentTypes.Iso23220NameSpace;

    /// <summary>Ten days after issuance: inside the MSO and every certificate's validity.</summary>
    public static readonly DateTimeOffset VerificationTime = TestIssuer.Now.AddDays(10);

    /// <summary>What every presentation discloses: both namespaces of the withholding slip.</summary>
    public static readonly (string NameSpace, string Identifier)[] Disclosed =
    [
        (Iso, "family_name"), (Iso, "given_name"), (Slip, "tax_year"), (Slip, "payment_amount"), (Slip, "withholding_tax_amount"),
    ];

    private static readonly Lazy<MdocCorpusBuilder> SharedInstance = new(() => CreateAsync().GetAwaiter().GetResult());

    private MdocCorpusBuilder()
    {
    }

    /// <summary>One builder for the test run: issuance and presentation happen once.</summary>
    public static MdocCorpusBuilder Shared => SharedInstance.Value;

    /// <summary>IACA (JP) → Document Signer → issuer.</summary>
    public TestIssuer Pki { get; } = new();

    /// <summary>The IACA's private key, to issue odd Document Signer certificates under the trusted root.</summary>
    public ECDsa IacaKey => Pki.Iaca.GetECDsaPrivateKey()!;

    public SessionTranscript Transcript { get; } = SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "nonce-corpus-1", null, "https://employer.example.jp/response");

    /// <summary>Another session of the same verifier: a response made for it is a replay in <see cref="Transcript"/>.</summary>
    public SessionTranscript OtherTranscript { get; } = SessionTranscript.ForOpenId4Vp("x509_san_dns:employer.example.jp", "nonce-corpus-2", null, "https://employer.example.jp/response");

    public ECDiffieHellman ReaderKey { get; } = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public ECDiffieHellman OtherReaderKey { get; } = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public SoftwareSigner DeviceKeyA { get; } = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    public SoftwareSigner DeviceKeyB { get; } = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    public SoftwareSigner DeviceKeyEnrollment { get; } = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    /// <summary>A P-256 key that neither the issuer nor the holder owns.</summary>
    public SoftwareSigner AttackerKey { get; } = SoftwareSigner.Generate(CoseAlgorithm.ES256);

    /// <summary>A self-signed certificate for <see cref="AttackerKey"/> with the whole Document Signer profile.</summary>
    public X509Certificate2 AttackerCertificate { get; private set; } = null!;

    public IssuedMdoc SlipA { get; private set; } = null!;

    /// <summary>Another person's withholding slip, from the same issuer.</summary>
    public IssuedMdoc SlipB { get; private set; } = null!;

    public IssuedMdoc Enrollment { get; private set; } = null!;

    /// <summary>Slip A's person, with the domain pseudonym of the <c>tax</c> domain.</summary>
    public IssuedMdoc SlipWithTaxPseudonym { get; private set; } = null!;

    /// <summary>The real Document Signer's key, for headers and algorithms the issuer would never write.</summary>
    public ECDsa DocumentSignerKey { get; private set; } = null!;

    /// <summary>Slip A's MobileSecurityObjectBytes as the issuer signed them.</summary>
    public byte[] MsoPayloadA => ((CborByteString)IssuerAuth(Signed, 0)[2]).Value.ToArray();

    /// <summary>Slip A, device-signed over <see cref="Transcript"/>.</summary>
    public byte[] Signed { get; private set; } = [];

    /// <summary>Slip A, device-MACed for <see cref="ReaderKey"/> over <see cref="Transcript"/>.</summary>
    public byte[] Maced { get; private set; } = [];

    /// <summary>Slips A and B in one response, each device-signed over <see cref="Transcript"/>.</summary>
    public byte[] TwoDocuments { get; private set; } = [];

    public MdocVerifierOptions Options => new() { TrustAnchors = Pki.TrustAnchors };

    public MdocSession Session => new(Transcript, ReaderKey);

    public VerificationResult Verify(byte[] response, MdocVerifierOptions? options = null, MdocSession? session = null) =>
        new MdocVerifier(options ?? Options, new FakeTimeProvider(VerificationTime)).Verify(response, session ?? Session);

    private static async Task<MdocCorpusBuilder> CreateAsync()
    {
        var builder = new MdocCorpusBuilder();
        var pki = builder.Pki;
        builder.AttackerCertificate = SelfSigned(Name("Attacker DS", "JP"), builder.AttackerKey.ExportECDsa(), TestIssuer.Now.AddYears(-1), TestIssuer.Now.AddYears(2), DocumentSignerExtensions());
        builder.SlipA = await pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), builder.DeviceKeyA.PublicKey));
        builder.SlipB = await pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", OtherSlipClaims(), builder.DeviceKeyB.PublicKey));
        builder.Enrollment = await pki.Issuer.IssueAsync(new MdocIssuanceRequest("enrollment-certificate", TestIssuer.EnrollmentClaims(), builder.DeviceKeyEnrollment.PublicKey));
        builder.SlipWithTaxPseudonym = await pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), builder.DeviceKeyA.PublicKey)
        {
            Pseudonyms = new Dictionary<PseudonymDomain, string> { [PseudonymDomain.Tax] = "dp-tax-3f9a0c" },
        });
        builder.DocumentSignerKey = pki.Signer.ExportECDsa();

        var readerPublic = CoseKey.FromECDsa(builder.ReaderKey);
        var a = await PresentAsync(builder.SlipA, builder.DeviceKeyA, builder.Transcript, null);
        var aMac = await PresentAsync(builder.SlipA, builder.DeviceKeyA, builder.Transcript, readerPublic);
        var b = await PresentAsync(builder.SlipB, builder.DeviceKeyB, builder.Transcript, null);
        builder.Signed = Encode(DeviceResponse.Create([a]));
        builder.Maced = Encode(DeviceResponse.Create([aMac]));
        builder.TwoDocuments = Encode(DeviceResponse.Create([a, b]));
        return builder;
    }

    private static DocumentClaims OtherSlipClaims() => new DocumentClaims()
        .Add(Iso, "family_name", new CborTextString("佐藤"))
        .Add(Iso, "given_name", new CborTextString("花子"))
        .Add(Slip, "tax_year", new CborInteger(2025))
        .Add(Slip, "full_name", new CborTextString("佐藤 花子"))
        .Add(Slip, "payment_category", new CborTextString("給料・賞与"))
        .Add(Slip, "payment_amount", new CborInteger(9_800_000))
        .Add(Slip, "withholding_tax_amount", new CborInteger(610_000))
        .Add(Slip, "payer_name", new CborTextString("株式会社本人"))
        .Add(Slip, "issue_date", new CborFullDate(new DateOnly(2026, 1, 31)));

    /// <summary>The person's wallet presents <see cref="Disclosed"/> of one credential.</summary>
    private static async Task<MdocDocument> PresentAsync(IssuedMdoc credential, SoftwareSigner deviceKey, SessionTranscript transcript, CoseKey? readerKey)
    {
        var keys = new InMemoryDeviceKeyResolver();
        keys.Add(deviceKey);
        var holder = new MdocHolder(new InMemoryCredentialStore(), keys, timeProvider: new FakeTimeProvider(VerificationTime));
        await holder.StoreAsync(credential.Encode());
        var plan = await holder.PlanSelectionAsync(credential.DocType, Disclosed);
        var response = await holder.RespondAsync(plan, transcript, readerKey);
        return Assert.Single(response.Documents);
    }

    // ---- Presentations built by hand (what a holder would never send) ----

    /// <summary>
    /// A document of <paramref name="credential"/> with the items <paramref name="keep"/> selects, claiming
    /// <paramref name="docType"/>, device-signed by <paramref name="deviceKey"/> over <paramref name="transcript"/>.
    /// </summary>
    public static MdocDocument Present(IssuedMdoc credential, Func<string, IssuerSignedItem, bool> keep, string docType, SoftwareSigner deviceKey, SessionTranscript transcript)
    {
        var nameSpaces = DeviceSigned.EmptyNameSpaces();
        var payload = DeviceAuthentication.BuildBytes(transcript.EncodedBytes.Span, docType, nameSpaces);
        var signature = CoseSign1ToBeSigned.Prepare(deviceKey.Algorithm, payload, CosePayloadMode.Detached);
        var signed = signature.Complete(deviceKey.Sign(signature.ToBeSigned.Span));
        return MdocDocument.Create(docType, credential.IssuerSigned.Select(keep), DeviceSigned.Create(nameSpaces, signed, null));
    }

    public static byte[] Encode(DeviceResponse response) => response.Encoded.EncodedBytes.ToArray();

    // ---- Edits through the CBOR model: only the path to the root is rebuilt ----

    public static CborMap Decode(byte[] response) => (CborMap)CborDecoder.Decode(response);

    public static CborValue Get(CborMap map, string key) =>
        map.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The map with <paramref name="key"/> set (in place, or appended), or removed when <paramref name="value"/> is null.</summary>
    public static CborMap With(CborMap map, string key, CborValue? value)
    {
        var entries = new List<KeyValuePair<CborValue, CborValue>>();
        var found = false;
        foreach (var entry in map.Entries)
        {
            if (entry.Key is CborTextString text && text.Value == key)
            {
                found = true;
                if (value is not null)
                {
                    entries.Add(new(entry.Key, value));
                }
            }
            else
            {
                entries.Add(entry);
            }
        }

        if (!found && value is not null)
        {
            entries.Add(new(new CborTextString(key), value));
        }

        return new CborMap(entries);
    }

    public static byte[] EditRoot(byte[] response, Func<CborMap, CborMap> change) => change(Decode(response)).EncodedBytes.ToArray();

    public static byte[] EditDocument(byte[] response, int index, Func<CborMap, CborMap> change) => EditRoot(response, root =>
    {
        var documents = ((CborArray)Get(root, "documents")).Items.ToArray();
        documents[index] = change((CborMap)documents[index]);
        return With(root, "documents", new CborArray(documents));
    });

    public static byte[] EditIssuerSigned(byte[] response, int index, Func<CborMap, CborMap> change) =>
        EditDocument(response, index, document => With(document, "issuerSigned", change((CborMap)Get(document, "issuerSigned"))));

    public static byte[] EditNameSpaces(byte[] response, int index, Func<CborMap, CborMap> change) =>
        EditIssuerSigned(response, index, issuerSigned => With(issuerSigned, "nameSpaces", change((CborMap)Get(issuerSigned, "nameSpaces"))));

    public static byte[] EditItems(byte[] response, int index, string nameSpace, Func<IReadOnlyList<CborValue>, IEnumerable<CborValue>> change) =>
        EditNameSpaces(response, index, nameSpaces => With(nameSpaces, nameSpace, new CborArray(change(((CborArray)Get(nameSpaces, nameSpace)).Items))));

    public static byte[] EditDeviceSigned(byte[] response, int index, Func<CborMap, CborMap> change) =>
        EditDocument(response, index, document => With(document, "deviceSigned", change((CborMap)Get(document, "deviceSigned"))));

    public static byte[] EditDeviceAuth(byte[] response, int index, Func<CborMap, CborMap> change) =>
        EditDeviceSigned(response, index, deviceSigned => With(deviceSigned, "deviceAuth", change((CborMap)Get(deviceSigned, "deviceAuth"))));

    public static byte[] ReplaceIssuerAuth(byte[] response, int index, CborValue issuerAuth) =>
        EditIssuerSigned(response, index, issuerSigned => With(issuerSigned, "issuerAuth", issuerAuth));

    public static CborMap Document(byte[] response, int index) => (CborMap)((CborArray)Get(Decode(response), "documents"))[index];

    public static CborArray IssuerAuth(byte[] response, int index) => (CborArray)Get((CborMap)Get(Document(response, index), "issuerSigned"), "issuerAuth");

    public static IReadOnlyList<CborValue> Items(byte[] response, int index, string nameSpace) =>
        ((CborArray)Get((CborMap)Get((CborMap)Get(Document(response, index), "issuerSigned"), "nameSpaces"), nameSpace)).Items;

    public static CborValue Item(byte[] response, int index, string nameSpace, string identifier) =>
        Items(response, index, nameSpace).Single(i => IssuerSignedItem.Decode(i).ElementIdentifier == identifier);

    public static string Identifier(CborValue itemBytes) => IssuerSignedItem.Decode(itemBytes).ElementIdentifier;

    /// <summary>The IssuerSignedItem with a changed field, re-wrapped in tag 24 (so its bytes, and digest, change).</summary>
    public static CborEncodedItem RewriteItem(CborValue itemBytes, string field, CborValue value) =>
        CborEncodedItem.Wrap(With((CborMap)((CborEncodedItem)itemBytes).Content, field, value));

    /// <summary>The MSO map of a document, decoded from the issuerAuth payload.</summary>
    public static CborMap Mso(byte[] response, int index) =>
        (CborMap)((CborEncodedItem)CborDecoder.Decode(((CborByteString)IssuerAuth(response, index)[2]).Value)).Content;

    /// <summary>MobileSecurityObjectBytes (the tag-24 item) for an MSO map.</summary>
    public static byte[] MsoPayload(CborMap mso) => CborEncodedItem.Wrap(mso).EncodedBytes.ToArray();

    // ---- Raw CBOR: encodings the model cannot hold ----

    /// <summary>Marks a step into the content of a tag-24 item, or of a byte string that holds an encoded item.</summary>
    public static readonly object Inside = new();

    /// <summary>
    /// The encoding of <paramref name="root"/> with the value at <paramref name="path"/> (text keys, array indexes and
    /// <see cref="Inside"/>) written by <paramref name="write"/>; every other value is written as its bytes.
    /// </summary>
    public static byte[] RawEdit(CborValue root, object[] path, Action<CborWriter> write)
    {
        var writer = NewWriter();
        WriteAlong(writer, root, path, 0, write);
        return writer.Encode();
    }

    public static CborWriter NewWriter() => new(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);

    private static void WriteAlong(CborWriter writer, CborValue node, object[] path, int depth, Action<CborWriter> write)
    {
        if (depth == path.Length)
        {
            write(writer);
            return;
        }

        var step = path[depth];
        switch (node)
        {
            case CborMap map when step is string key:
                writer.WriteStartMap(map.Count);
                foreach (var (entryKey, entryValue) in map.Entries)
                {
                    entryKey.WriteTo(writer);
                    if (entryKey is CborTextString text && text.Value == key)
                    {
                        WriteAlong(writer, entryValue, path, depth + 1, write);
                    }
                    else
                    {
                        entryValue.WriteTo(writer);
                    }
                }

                writer.WriteEndMap();
                break;
            case CborArray array when step is int index:
                writer.WriteStartArray(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    if (i == index)
                    {
                        WriteAlong(writer, array[i], path, depth + 1, write);
                    }
                    else
                    {
                        array[i].WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
                break;
            case CborEncodedItem item when ReferenceEquals(step, Inside):
            {
                var inner = NewWriter();
                WriteAlong(inner, item.Content, path, depth + 1, write);
                writer.WriteTag((CborTag)CborEncodedItem.TagNumber);
                writer.WriteByteString(inner.Encode());
                break;
            }

            case CborByteString bytes when ReferenceEquals(step, Inside):
            {
                var inner = NewWriter();
                WriteAlong(inner, CborDecoder.Decode(bytes.Value), path, depth + 1, write);
                writer.WriteByteString(inner.Encode());
                break;
            }

            default:
                throw new InvalidOperationException($"The path step {step} does not fit a {node.Kind}.");
        }
    }

    /// <summary>Writes the map with the key of entry <paramref name="target"/> replaced by the key of entry <paramref name="source"/>.</summary>
    public static Action<CborWriter> MapWithDuplicateKey(CborMap map, int source, int target) => writer =>
    {
        writer.WriteStartMap(map.Count);
        for (var i = 0; i < map.Count; i++)
        {
            map.Entries[i == target ? source : i].Key.WriteTo(writer);
            map.Entries[i].Value.WriteTo(writer);
        }

        writer.WriteEndMap();
    };

    /// <summary>Writes the map or array with an indefinite length, its entries as their bytes.</summary>
    public static Action<CborWriter> Indefinite(CborValue value) => writer =>
    {
        switch (value)
        {
            case CborMap map:
                writer.WriteStartMap(null);
                foreach (var (key, entry) in map.Entries)
                {
                    key.WriteTo(writer);
                    entry.WriteTo(writer);
                }

                writer.WriteEndMap();
                break;
            case CborArray array:
                writer.WriteStartArray(null);
                foreach (var item in array.Items)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            case CborTextString text:
                writer.WriteStartIndefiniteLengthTextString();
                writer.WriteTextString(text.Value);
                writer.WriteEndIndefiniteLengthTextString();
                break;
            default:
                throw new InvalidOperationException("Only maps, arrays and text have an indefinite form here.");
        }
    };

    /// <summary>Writes the given bytes as they are (a non-shortest head, invalid UTF-8, ...).</summary>
    public static Action<CborWriter> Raw(params byte[] encoded) => writer => writer.WriteEncodedValue(encoded);

    // ---- COSE_Sign1 by hand ----

    public static Func<byte[], byte[]> EcdsaSigner(ECDsa key, HashAlgorithmName hash) =>
        data => key.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static Func<byte[], byte[]> Signer(SoftwareSigner signer) => data => signer.Sign(data);

    /// <summary>
    /// A COSE_Sign1 <c>[protected, unprotected, payload, signature]</c> whose signature <paramref name="sign"/> makes over
    /// the Sig_structure of exactly these protected bytes and this payload (detached when <paramref name="embed"/> is false).
    /// </summary>
    public static CborArray Sign1(byte[] protectedBytes, CborMap unprotectedHeader, byte[] payload, Func<byte[], byte[]> sign, bool embed = true)
    {
        var writer = NewWriter();
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedBytes);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        var signature = sign(writer.Encode());
        return new CborArray(
            new CborByteString(protectedBytes),
            unprotectedHeader,
            embed ? new CborByteString(payload) : new CborNull(),
            new CborByteString(signature));
    }

    public static byte[] Protected(params (long Label, CborValue Value)[] headers) => CborMap.FromLabels(headers).EncodedBytes.ToArray();

    public static CborInteger Alg(CoseAlgorithm algorithm) => new((long)algorithm);

    public static CborMap X5Chain(params X509Certificate2[] chain) => CborMap.FromLabels((CoseHeaderLabels.X5Chain, chain.Length == 1
        ? new CborByteString(chain[0].RawData)
        : new CborArray(chain.Select(c => (CborValue)new CborByteString(c.RawData)))));

    /// <summary>issuerAuth over <paramref name="msoPayload"/>, ES256-signed with <paramref name="sign"/>, with the given x5chain.</summary>
    public static CborArray IssuerAuth(byte[] msoPayload, Func<byte[], byte[]> sign, params X509Certificate2[] chain) =>
        Sign1(Protected((CoseHeaderLabels.Algorithm, Alg(CoseAlgorithm.ES256))), X5Chain(chain), msoPayload, sign);

    // ---- Certificates of any profile ----

    public static X500DistinguishedName Name(string commonName, string? country, string? state = null)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        if (state is not null)
        {
            name.AddStateOrProvinceName(state);
        }

        if (country is not null)
        {
            name.AddCountryOrRegion(country);
        }

        return name.Build();
    }

    /// <summary>KeyUsage digitalSignature and the mdoc Document Signer EKU, as ISO 18013-5 Annex B wants.</summary>
    public static X509Extension[] DocumentSignerExtensions(string extendedKeyUsage = MdocCertificateProfile.DocumentSignerExtendedKeyUsage) =>
    [
        new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true),
        new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], critical: true),
    ];

    public static X509Certificate2 Issue(X500DistinguishedName subject, ECDsa subjectKey, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<X509Extension> extensions)
    {
        var request = new CertificateRequest(subject, subjectKey, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
    }

    public static X509Certificate2 SelfSigned(X500DistinguishedName subject, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<X509Extension> extensions)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>A Document Signer certificate under the trusted IACA, with the given name, validity and extensions.</summary>
    public X509Certificate2 DocumentSigner(ECDsa key, X500DistinguishedName? subject = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, IEnumerable<X509Extension>? extensions = null)
    {
        using var iacaKey = IacaKey;
        return Issue(subject ?? Name("Odd DS", "JP"), key, Pki.Iaca, iacaKey, notBefore ?? TestIssuer.Now.AddDays(-30), notAfter ?? TestIssuer.Now.AddYears(1), extensions ?? DocumentSignerExtensions());
    }

    /// <summary>The signed response, with slip A's MSO (unchanged bytes) re-signed by <paramref name="key"/> under <paramref name="chain"/>.</summary>
    public byte[] ResignedBy(ECDsa key, params X509Certificate2[] chain) =>
        ReplaceIssuerAuth(Signed, 0, IssuerAuth(MsoPayloadA, EcdsaSigner(key, HashAlgorithmName.SHA256), chain));

    /// <summary>The signed response with slip A's issuerAuth replaced by a COSE_Sign1 of the given headers over its MSO.</summary>
    public byte[] WithIssuerAuth(byte[] protectedBytes, CborMap unprotectedHeader, Func<byte[], byte[]> sign) =>
        ReplaceIssuerAuth(Signed, 0, Sign1(protectedBytes, unprotectedHeader, MsoPayloadA, sign));

    /// <summary>The signed response with slip A's MSO changed by <paramref name="change"/> and re-signed by the real Document Signer.</summary>
    public byte[] WithMsoSignedByIssuer(Func<CborMap, CborMap> change) =>
        WithMsoPayloadSignedByIssuer(MsoPayload(change(Mso(Signed, 0))));

    /// <summary>The signed response with these MobileSecurityObjectBytes, signed by the real Document Signer.</summary>
    public byte[] WithMsoPayloadSignedByIssuer(byte[] payload) =>
        ReplaceIssuerAuth(Signed, 0, IssuerAuth(payload, Signer(Pki.Signer), Pki.DocumentSigner));
}
