using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Verifier.Tests.Corpus;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// A DeviceResponse that carries one credential twice is refused with <c>duplicate_document</c>; several documents of
/// one docType are not (ISO/IEC 18013-5 lets a response answer several DocRequests, and a person may hold two withholding
/// slips, two vehicle registrations or two enrollment certificates). "The same credential" is the same MobileSecurityObject:
/// see MdocVerifier.CheckUniqueDocuments for the reasoning.
/// </summary>
public sealed class DuplicateDocumentTests
{
    private static MdocCorpusBuilder B => MdocCorpusBuilder.Shared;

    [Fact]
    public void Two_credentials_of_one_doctype_verify()
    {
        var result = B.Verify(B.TwoDocuments);

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Equal(2, result.Documents.Count);
        Assert.All(result.Documents, d => Assert.Equal(Slip, d.DocType));
        Assert.Contains(result.Checks, c => c.Name == "unique_documents" && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public void The_same_document_twice_is_refused()
    {
        var response = EditRoot(B.Signed, r => With(r, "documents", new CborArray(Document(B.Signed, 0), Document(B.Signed, 0))));

        var result = B.Verify(response);

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(VerificationFailureCodes.DuplicateDocument, failure.Code);
        Assert.Equal(1, failure.DocumentIndex);
        Assert.Contains(result.Checks, c => c.Name == "unique_documents" && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public void The_same_credential_with_another_selection_and_its_own_device_signature_is_refused()
    {
        var response = Encode(DeviceResponse.Create([
            Present(B.SlipA, (ns, i) => Disclosed.Contains((ns, i.ElementIdentifier)), Slip, B.DeviceKeyA, B.Transcript),
            Present(B.SlipB, (ns, i) => Disclosed.Contains((ns, i.ElementIdentifier)), Slip, B.DeviceKeyB, B.Transcript),
            Present(B.SlipA, (_, i) => i.ElementIdentifier == "tax_year", Slip, B.DeviceKeyA, B.Transcript)]));

        var result = B.Verify(response);

        Assert.False(result.IsValid);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(VerificationFailureCodes.DuplicateDocument, failure.Code);
        Assert.Equal(2, failure.DocumentIndex);
        Assert.Contains("document 0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_repetition_is_reported()
    {
        var document = Document(B.Signed, 0);
        var response = EditRoot(B.Signed, r => With(r, "documents", new CborArray(document, document, document)));

        var result = B.Verify(response);

        Assert.Equal([VerificationFailureCodes.DuplicateDocument, VerificationFailureCodes.DuplicateDocument], result.Failures.Select(f => f.Code));
        Assert.Equal([1, 2], result.Failures.Select(f => f.DocumentIndex));
    }
}
