using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Honnin.Tests;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// "Change any bit → fails closed" over the ISO/IEC 18013-5 Annex D DeviceResponse
/// (tests/vectors/mdoc/iso18013-5-annexd.json), verified with its own IACA, transcript and reader key.
/// </summary>
public sealed class ByteFlipPropertyTests
{
    private static readonly byte[] Original = AnnexDFixture.Response;

    /// <summary>
    /// Requires the six elements Annex D discloses. Without that policy, a flip in the issuerSigned key
    /// "nameSpaces" turns it into an unknown key: the document then discloses nothing, which is valid selective
    /// disclosure (IssuerSigned.nameSpaces is optional), and the result is valid with no elements.
    /// </summary>
    private static readonly MdocVerifier Verifier = new(
        new MdocVerifierOptions
        {
            TrustAnchors = AnnexDFixture.Iaca,
            RequiredElements =
            [
                ("org.iso.18013.5.1", "family_name"),
                ("org.iso.18013.5.1", "issue_date"),
                ("org.iso.18013.5.1", "expiry_date"),
                ("org.iso.18013.5.1", "document_number"),
                ("org.iso.18013.5.1", "portrait"),
                ("org.iso.18013.5.1", "driving_privileges"),
            ],
        },
        new FakeTimeProvider(AnnexDFixture.InsideWindow));

    /// <summary>
    /// The three bytes of the text "1.0", the value of the DeviceResponse "version". No signature or MAC covers
    /// the DeviceResponse envelope, and the verifier does not check the version, so "1.1" or "0.0" still verifies.
    /// </summary>
    private static readonly Range VersionText = FindVersionText();

    [Fact]
    public void Unchanged_response_verifies_with_the_policy_used_below()
    {
        Assert.True(Verify(Original).IsValid);
    }

    [Fact]
    public void Withheld_issuer_namespaces_verify_with_no_elements_unless_elements_are_required()
    {
        // Why the policy above requires elements: renaming the "nameSpaces" key (6a "nameSpaces" → 6a "nameSpacet")
        // withholds every item, which the issuer's signature does not forbid.
        var changed = AnnexDVerificationTests.ReplaceOnce(Original, "6a6e616d65537061636573a1716f7267", "6a6e616d65537061636574a1716f7267");
        using var readerKey = AnnexDFixture.ReaderKey();
        var session = new MdocSession(AnnexDFixture.Transcript, readerKey);

        var withoutPolicy = AnnexDFixture.Verifier(AnnexDFixture.InsideWindow).Verify(changed, session);
        Assert.True(withoutPolicy.IsValid);
        Assert.Empty(Assert.Single(withoutPolicy.Documents).Elements);

        var withPolicy = Verifier.Verify(changed, session);
        Assert.False(withPolicy.IsValid);
        Assert.Equal(6, withPolicy.Failures.Count(f => f.Code == VerificationFailureCodes.ElementMissing));
        Assert.All(withPolicy.Failures, f => Assert.Equal(VerificationFailureCodes.ElementMissing, f.Code));
    }

    [Property(MaxTest = 500, Replay = "(1801305,40991)")]
    public Property Flipping_any_single_bit_never_yields_a_valid_result_and_never_throws() =>
        Prop.ForAll(
            Gen.Choose(0, (Original.Length * 8) - 1).ToArbitrary(),
            bitIndex =>
            {
                var changed = (byte[])Original.Clone();
                var byteIndex = bitIndex / 8;
                changed[byteIndex] ^= (byte)(1 << (bitIndex % 8));

                // An exception fails the property; a valid result is accepted only inside the unchecked version text.
                var result = Verify(changed);
                var (start, length) = VersionText.GetOffsetAndLength(Original.Length);
                return !result.IsValid || (byteIndex >= start && byteIndex < start + length);
            });

    [Fact]
    public void Ds_certificate_whose_validity_does_not_parse_gives_a_failed_result_not_an_exception()
    {
        // Found by the property: the DS certificate's notBefore UTCTime "201001000000Z" with its first digit changed
        // to ':' still loads, but reading NotBefore throws. The certificate's signature no longer verifies either.
        var changed = AnnexDVerificationTests.ReplaceOnce(Original, "170d323031303031303030303030", "170d3a3031303031303030303030");

        var result = Verify(changed);

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.True(result.HasFailure(CertificateProblemCodes.CertificateMalformed), string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Contains(result.Checks, c => c.Name == "validity" && c.Status == CheckStatus.Failed);
    }

    [Fact]
    public void Ds_certificate_whose_public_key_is_off_the_curve_gives_a_failed_result_not_an_exception()
    {
        // Found by the property: a changed bit in the DS certificate's EC point (x starts ace7ab73) leaves a
        // certificate that loads, but whose public key cannot be imported.
        var x = Vectors.AnnexDJson.RootElement.GetProperty("expected").GetProperty("certificates").GetProperty("DS").GetProperty("public_key_x_hex").GetString()!;
        var changed = AnnexDVerificationTests.ReplaceOnce(Original, x, "bce7ab73" + x[8..]);

        var result = Verify(changed);

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.True(result.HasFailure(VerificationFailureCodes.IssuerCertificateMissing), string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.Contains(result.Checks, c => c.Name == "issuer_signature" && c.Status == CheckStatus.Failed);
    }

    private static VerificationResult Verify(byte[] response)
    {
        using var readerKey = AnnexDFixture.ReaderKey();
        return Verifier.Verify(response, new MdocSession(AnnexDFixture.Transcript, readerKey));
    }

    private static Range FindVersionText()
    {
        // 67 "version" 63 "1.0": the key, then a three-byte text string.
        var hex = Convert.ToHexStringLower(Original);
        var key = hex.IndexOf("6776657273696f6e63312e30", StringComparison.Ordinal);
        Assert.True(key >= 0 && key % 2 == 0);
        var start = (key / 2) + 9;
        return start..(start + 3);
    }
}
