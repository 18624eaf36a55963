using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.StatusLists;
using Honnin.Verifier.Tests.Corpus;
using static Honnin.Verifier.Tests.Corpus.MdocCorpusBuilder;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// The MSO <c>status</c> (ISO/IEC 18013-5 second edition, Token Status List): a well-formed <c>status_list</c> reference
/// reaches <see cref="VerifiedDocument.Status"/> for a status check; a malformed one fails the document; another
/// mechanism is left alone. The issuer signs each variant, so only the status shape decides.
/// </summary>
public sealed class MsoStatusTests
{
    private const string Uri = "https://payroll.example.jp/status/1";

    private static MdocCorpusBuilder B => MdocCorpusBuilder.Shared;

    [Fact]
    public void A_status_list_reference_in_the_mso_reaches_the_verified_document()
    {
        var result = B.Verify(B.WithMsoSignedByIssuer(m => With(m, "status", Map(("status_list", Map(("idx", new CborInteger(7)), ("uri", new CborTextString(Uri))))))));

        Assert.True(result.IsValid, string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Equal(new StatusListReference(7, Uri), Assert.Single(result.Documents).Status);
        Assert.Contains(result.Checks, c => c.Name == "status" && c.Status == CheckStatus.Passed);
    }

    [Fact]
    public void Without_a_status_or_with_another_mechanism_the_document_has_no_status_reference()
    {
        var plain = B.Verify(B.Signed);
        var identifierList = B.Verify(B.WithMsoSignedByIssuer(m => With(m, "status", Map(("identifier_list", Map(("id", new CborByteString(new byte[] { 1 })), ("uri", new CborTextString(Uri))))))));

        Assert.True(plain.IsValid);
        Assert.Null(Assert.Single(plain.Documents).Status);
        Assert.True(identifierList.IsValid, string.Join(", ", identifierList.Failures.Select(f => f.Code)));
        Assert.Null(Assert.Single(identifierList.Documents).Status);
    }

    public static TheoryData<string> MalformedStatuses => ["text", "list-not-a-map", "negative-index", "index-too-large", "no-uri", "uri-not-text", "index-not-integer"];

    [Theory]
    [MemberData(nameof(MalformedStatuses))]
    public void A_malformed_status_fails_the_document(string variant)
    {
        CborValue status = variant switch
        {
            "text" => new CborTextString("revoked"),
            "list-not-a-map" => Map(("status_list", new CborTextString(Uri))),
            "negative-index" => Map(("status_list", Map(("idx", new CborInteger(-1)), ("uri", new CborTextString(Uri))))),
            "index-too-large" => Map(("status_list", Map(("idx", new CborInteger((Int128)ulong.MaxValue)), ("uri", new CborTextString(Uri))))),
            "no-uri" => Map(("status_list", Map(("idx", new CborInteger(0))))),
            "uri-not-text" => Map(("status_list", Map(("idx", new CborInteger(0)), ("uri", new CborByteString("x"u8.ToArray()))))),
            _ => Map(("status_list", Map(("idx", new CborTextString("0")), ("uri", new CborTextString(Uri))))),
        };

        var result = B.Verify(B.WithMsoSignedByIssuer(m => With(m, "status", status)));

        Assert.False(result.IsValid);
        Assert.Equal([MdocFormatCodes.StatusMalformed], result.Failures.Select(f => f.Code));
        Assert.Empty(result.Documents);
    }

    private static CborMap Map(params (string Key, CborValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<CborValue, CborValue>(new CborTextString(e.Key), e.Value)));
}
