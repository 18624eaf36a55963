using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// Structural negatives: the ISO/IEC 18013-5 Annex D DeviceResponse (tests/vectors/mdoc/iso18013-5-annexd.json), changed
/// through the CBOR model. Each change rebuilds only the path from the changed value to the root; every untouched
/// value is written back as the bytes it was received as, so the digests, signatures and MAC over them still hold.
/// </summary>
public sealed class MalformedResponseTests
{
    private const string NameSpace = "org.iso.18013.5.1";

    /// <summary>The failure codes a response that does not decode may carry.</summary>
    private static readonly string[] DecodeCodes =
    [
        CborFailureCodes.Malformed, CborFailureCodes.TooLarge, CborFailureCodes.TooDeep, CborFailureCodes.DuplicateKey,
        CborFailureCodes.TrailingBytes, CborFailureCodes.IndefiniteLength, CborFailureCodes.NonShortestEncoding,
        MdocFormatCodes.Malformed, MdocFormatCodes.DuplicateItem, MdocFormatCodes.UnsupportedDigestAlgorithm,
        Cose.CoseFailureCodes.Malformed, Cose.CoseFailureCodes.UnknownCriticalHeader, Cose.CoseFailureCodes.UnsupportedAlgorithm,
        Crypto.CoseKeyFailureCodes.InvalidKey,
    ];

    [Fact]
    public void Rebuilding_without_a_change_keeps_the_received_bytes_and_verifies()
    {
        var rebuilt = ChangeDocument(document => With(document, "docType", Get(document, "docType")));

        Assert.Equal(AnnexDFixture.Response, rebuilt);
        Assert.True(Verify(rebuilt).IsValid);
    }

    [Fact]
    public void Missing_version_fails_to_decode()
    {
        var result = Verify(ChangeRoot(root => With(root, "version", null)));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Version_that_is_not_text_fails_to_decode()
    {
        var result = Verify(ChangeRoot(root => With(root, "version", new CborInteger(1))));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Missing_status_fails_to_decode()
    {
        var result = Verify(ChangeRoot(root => With(root, "status", null)));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Negative_status_fails_to_decode()
    {
        var result = Verify(ChangeRoot(root => With(root, "status", new CborInteger(-1))));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Theory]
    [InlineData(10)] // general error
    [InlineData(11)] // CBOR decoding error
    [InlineData(12)] // CBOR validation error
    public void Error_status_fails_even_though_every_document_verifies(int status)
    {
        var result = Verify(ChangeRoot(root => With(root, "status", new CborInteger(status))));

        AssertFailed(result, VerificationFailureCodes.ResponseStatus);
        Assert.Equal([VerificationFailureCodes.ResponseStatus], result.Failures.Select(f => f.Code));
        Assert.Contains(result.Checks, c => c.Name == "response_status" && c.Status == CheckStatus.Failed);
        Assert.All(result.Checks.Where(c => c.DocumentIndex == 0), c => Assert.Equal(CheckStatus.Passed, c.Status));
    }

    [Fact]
    public void Response_without_documents_fails()
    {
        var result = Verify(ChangeRoot(root => With(root, "documents", null)));

        AssertFailed(result, VerificationFailureCodes.NoDocuments);
        Assert.Equal([VerificationFailureCodes.NoDocuments], result.Failures.Select(f => f.Code));
        Assert.Equal(["decode", "response_status", "unique_documents"], result.Checks.Select(c => c.Name));
    }

    [Fact]
    public void Response_with_an_empty_documents_array_fails()
    {
        var result = Verify(ChangeRoot(root => With(root, "documents", new CborArray())));

        AssertFailed(result, VerificationFailureCodes.NoDocuments);
        Assert.Equal([VerificationFailureCodes.NoDocuments], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Changed_doc_type_fails_the_mso_comparison_and_the_device_mac()
    {
        // The Document's docType is outside issuerAuth: issuer signature and digests still verify. It is not
        // unauthenticated, though: DeviceAuthenticationBytes embed it, so the device MAC fails too.
        var result = Verify(ChangeDocument(document => With(document, "docType", new CborTextString("org.iso.18013.5.1.mDL.forged"))));

        AssertFailed(result, VerificationFailureCodes.DocTypeMismatch);
        Assert.Equal([VerificationFailureCodes.DocTypeMismatch, VerificationFailureCodes.DeviceMacInvalid], result.Failures.Select(f => f.Code));
        Assert.Contains(result.Checks, c => c.Name == "issuer_signature" && c.Status == CheckStatus.Passed);
        Assert.Contains(result.Checks, c => c.Name == "digests" && c.Status == CheckStatus.Passed);
        Assert.Contains(result.Checks, c => c.Name == "doctype" && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public void Doc_type_that_is_not_text_fails_to_decode()
    {
        var result = Verify(ChangeDocument(document => With(document, "docType", new CborByteString("org.iso.18013.5.1.mDL"u8.ToArray()))));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Item_moved_to_a_namespace_the_mso_does_not_know_has_no_digest()
    {
        var result = Verify(MoveItem("family_name", "org.example.other"));

        AssertFailed(result, VerificationFailureCodes.DigestMissing);
        Assert.Equal([VerificationFailureCodes.DigestMissing], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Item_moved_to_another_mso_namespace_without_its_digest_id_has_no_digest()
    {
        // The Annex D MSO has digest IDs 0..3 for org.iso.18013.5.1.US; driving_privileges has digest ID 9.
        var result = Verify(MoveItem("driving_privileges", "org.iso.18013.5.1.US"));

        AssertFailed(result, VerificationFailureCodes.DigestMissing);
        Assert.Equal([VerificationFailureCodes.DigestMissing], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Item_moved_to_another_mso_namespace_with_its_digest_id_does_not_match()
    {
        // family_name has digest ID 0, which org.iso.18013.5.1.US also has, for another element.
        var result = Verify(MoveItem("family_name", "org.iso.18013.5.1.US"));

        AssertFailed(result, VerificationFailureCodes.DigestMismatch);
        Assert.Equal([VerificationFailureCodes.DigestMismatch], result.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Same_item_disclosed_twice_fails_to_decode()
    {
        var result = Verify(ChangeItems(items => [.. items, items[0]]));
        AssertDecodeFailure(result, MdocFormatCodes.DuplicateItem);
    }

    [Fact]
    public void Two_items_with_the_same_digest_id_fail_to_decode()
    {
        var result = Verify(ChangeItems(items =>
        {
            var first = IssuerSignedItem.Decode(items[0]);
            var twin = IssuerSignedItem.Create(first.DigestId, first.Random, "given_name", new CborTextString("John"));
            return [.. items, twin.ItemBytes];
        }));
        AssertDecodeFailure(result, MdocFormatCodes.DuplicateItem);
    }

    [Fact]
    public void Two_items_with_the_same_element_identifier_fail_to_decode()
    {
        var result = Verify(ChangeItems(items =>
        {
            var first = IssuerSignedItem.Decode(items[0]);
            var twin = IssuerSignedItem.Create(99, first.Random, first.ElementIdentifier, new CborTextString("Roe"));
            return [.. items, twin.ItemBytes];
        }));
        AssertDecodeFailure(result, MdocFormatCodes.DuplicateItem);
    }

    [Fact]
    public void Namespace_with_no_items_fails_to_decode()
    {
        var result = Verify(ChangeItems(_ => []));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Item_that_is_not_tag_24_fails_to_decode()
    {
        // The IssuerSignedItem itself instead of its tag-24 IssuerSignedItemBytes.
        var result = Verify(ChangeItems(items => [((CborEncodedItem)items[0]).Content, .. items.Skip(1)]));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Device_auth_with_both_device_signature_and_device_mac_fails_to_decode()
    {
        // A well-formed COSE_Sign1 (the issuerAuth) beside the received deviceMac.
        var result = Verify(ChangeDeviceAuth(deviceAuth => With(deviceAuth, "deviceSignature", IssuerAuthOf(Document()))));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Device_auth_with_neither_device_signature_nor_device_mac_fails_to_decode()
    {
        var result = Verify(ChangeDeviceAuth(deviceAuth => With(deviceAuth, "deviceMac", null)));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Issuer_auth_with_a_detached_payload_fails_to_decode()
    {
        var result = Verify(ChangeIssuerSigned(issuerSigned =>
        {
            var issuerAuth = (CborArray)Get(issuerSigned, "issuerAuth");
            return With(issuerSigned, "issuerAuth", new CborArray(issuerAuth[0], issuerAuth[1], new CborNull(), issuerAuth[3]));
        }));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Missing_issuer_auth_fails_to_decode()
    {
        var result = Verify(ChangeIssuerSigned(issuerSigned => With(issuerSigned, "issuerAuth", null)));
        AssertDecodeFailure(result, MdocFormatCodes.Malformed);
    }

    [Fact]
    public void Truncated_response_gives_a_decode_failure_at_every_97th_length()
    {
        var response = AnnexDFixture.Response;
        var verifier = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow);
        using var readerKey = AnnexDFixture.ReaderKey();
        var session = new MdocSession(AnnexDFixture.Transcript, readerKey);
        var lengths = Enumerable.Range(0, (response.Length / 97) + 1).Select(i => i * 97).Append(response.Length - 1);

        foreach (var length in lengths)
        {
            var result = verifier.Verify(response.AsMemory(0, length), session);
            AssertDecodeFailure(result, CborFailureCodes.Malformed);
        }
    }

    [Fact]
    public void Trailing_byte_fails_to_decode()
    {
        byte[] withTrailing = [.. AnnexDFixture.Response, 0x00];
        AssertDecodeFailure(Verify(withTrailing), CborFailureCodes.TrailingBytes);
    }

    [Fact]
    public void Random_bytes_give_a_decode_failure()
    {
        var random = new Random(18013);
        var verifier = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow);
        using var readerKey = AnnexDFixture.ReaderKey();
        var session = new MdocSession(AnnexDFixture.Transcript, readerKey);

        foreach (var length in new[] { 1, 2, 3, 8, 64, 1000, AnnexDFixture.Response.Length })
        {
            for (var round = 0; round < 20; round++)
            {
                var garbage = new byte[length];
                random.NextBytes(garbage);
                var result = verifier.Verify(garbage, session);

                AssertNotValid(result);
                var failure = Assert.Single(result.Failures);
                Assert.Contains(failure.Code, DecodeCodes);
                Assert.Equal([new CheckOutcome("decode", CheckStatus.Failed, null)], result.Checks);
            }
        }
    }

    [Fact]
    public void Response_that_is_not_a_map_fails_to_decode()
    {
        var documents = Get((CborMap)CborDecoder.Decode(AnnexDFixture.Response), "documents");
        AssertDecodeFailure(Verify(documents.EncodedBytes.ToArray()), MdocFormatCodes.Malformed);
        AssertDecodeFailure(Verify([0xf6]), MdocFormatCodes.Malformed);
    }

    private static VerificationResult Verify(byte[] response)
    {
        using var readerKey = AnnexDFixture.ReaderKey();
        return AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(response, new MdocSession(AnnexDFixture.Transcript, readerKey));
    }

    private static void AssertNotValid(VerificationResult result)
    {
        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
    }

    private static void AssertFailed(VerificationResult result, string code)
    {
        AssertNotValid(result);
        Assert.True(result.HasFailure(code), $"expected {code}, got: {string.Join(", ", result.Failures.Select(f => f.Code))}");
    }

    private static void AssertDecodeFailure(VerificationResult result, string code)
    {
        AssertNotValid(result);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(code, failure.Code);
        Assert.Null(failure.DocumentIndex);
        Assert.Equal([new CheckOutcome("decode", CheckStatus.Failed, null)], result.Checks);
    }

    // ---- Changing the Annex D response through the CBOR model ----

    private static CborMap Document() => (CborMap)((CborArray)Get((CborMap)CborDecoder.Decode(AnnexDFixture.Response), "documents"))[0];

    private static CborValue IssuerAuthOf(CborMap document) => Get((CborMap)Get(document, "issuerSigned"), "issuerAuth");

    private static byte[] ChangeRoot(Func<CborMap, CborMap> change) =>
        change((CborMap)CborDecoder.Decode(AnnexDFixture.Response)).EncodedBytes.ToArray();

    private static byte[] ChangeDocument(Func<CborMap, CborMap> change) => ChangeRoot(root =>
    {
        var documents = (CborArray)Get(root, "documents");
        return With(root, "documents", new CborArray([change((CborMap)documents[0]), .. documents.Items.Skip(1)]));
    });

    private static byte[] ChangeIssuerSigned(Func<CborMap, CborMap> change) =>
        ChangeDocument(document => With(document, "issuerSigned", change((CborMap)Get(document, "issuerSigned"))));

    private static byte[] ChangeNameSpaces(Func<CborMap, CborMap> change) =>
        ChangeIssuerSigned(issuerSigned => With(issuerSigned, "nameSpaces", change((CborMap)Get(issuerSigned, "nameSpaces"))));

    private static byte[] ChangeItems(Func<IReadOnlyList<CborValue>, IEnumerable<CborValue>> change) =>
        ChangeNameSpaces(nameSpaces => With(nameSpaces, NameSpace, new CborArray(change(((CborArray)Get(nameSpaces, NameSpace)).Items))));

    private static byte[] ChangeDeviceAuth(Func<CborMap, CborMap> change) => ChangeDocument(document =>
    {
        var deviceSigned = (CborMap)Get(document, "deviceSigned");
        return With(document, "deviceSigned", With(deviceSigned, "deviceAuth", change((CborMap)Get(deviceSigned, "deviceAuth"))));
    });

    /// <summary>Moves the item named <paramref name="elementIdentifier"/> to <paramref name="target"/> (appended there), bytes unchanged.</summary>
    private static byte[] MoveItem(string elementIdentifier, string target) => ChangeNameSpaces(nameSpaces =>
    {
        var items = ((CborArray)Get(nameSpaces, NameSpace)).Items;
        var moved = items.Single(i => IssuerSignedItem.Decode(i).ElementIdentifier == elementIdentifier);
        var changed = With(nameSpaces, NameSpace, new CborArray(items.Where(i => !ReferenceEquals(i, moved))));
        var targetItems = changed.TryGetValue(target, out var existing) ? ((CborArray)existing).Items : [];
        return With(changed, target, new CborArray([.. targetItems, moved]));
    });
}
