using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Mdoc;
using Honnin.Tests;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// The EUDI PID sample DeviceResponse (tests/vectors/mdoc/eudi-pid-mdoc-sample.json, from
/// eu-digital-identity-wallet/eudi-lib-ios-iso18013-data-model Tests/MdocDataModel18013Tests/Resources/pid_b64.txt):
/// it decodes and its issuer signature and digests verify, but its MSO was signed after the Document Signer
/// certificate expired, its IACA is not published, and the transcript of its device signature is unknown.
/// </summary>
public sealed class EudiPidSampleTests
{
    private const string NameSpace = "eu.europa.ec.eudi.pid.1";

    /// <summary>Inside the MSO validity (2024-06-17T09:34:13Z .. 2025-06-17T09:34:13Z), after the DS certificate expired.</summary>
    private static readonly DateTimeOffset InsideMsoValidity = new(2024, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonElement Root = Vectors.Load("mdoc/eudi-pid-mdoc-sample.json").RootElement;

    private static readonly JsonElement Expected = Root.GetProperty("expected");

    private static byte[] Response => Vector("DeviceResponse");

    /// <summary>Any transcript: the one the sample's device signature was made over is not published.</summary>
    private static SessionTranscript UnrelatedTranscript =>
        SessionTranscript.ForOpenId4Vp("x509_san_dns:verifier.example", "nonce-for-the-eudi-sample", null, "https://verifier.example/response");

    [Fact]
    public void Pid_response_decodes_with_33_elements_in_received_order()
    {
        var response = DeviceResponse.Decode(Response);

        Assert.Equal(Expected.GetProperty("version").GetString(), response.Version);
        Assert.Equal(DeviceResponse.StatusOk, response.Status);
        var document = Assert.Single(response.Documents);
        Assert.Equal(Expected.GetProperty("docType").GetString(), document.DocType);
        Assert.Equal([NameSpace], document.IssuerSigned.NameSpaces.Keys);

        var items = document.IssuerSigned.NameSpaces[NameSpace];
        Assert.Equal(Expected.GetProperty("element_count").GetInt32(), items.Count);
        Assert.Equal(33, items.Count);
        Assert.Equal(
            Expected.GetProperty("element_identifiers").GetProperty(NameSpace).EnumerateArray().Select(e => e.GetString()),
            items.Select(i => i.ElementIdentifier));
        Assert.Equal(
            Expected.GetProperty("elements").EnumerateArray().Select(e => (ulong)e.GetProperty("digestID").GetInt32()),
            items.Select(i => i.DigestId));
    }

    [Fact]
    public void Pid_digest_ids_are_not_sequential_and_item_keys_are_in_an_unusual_order()
    {
        var items = DeviceResponse.Decode(Response).Documents[0].IssuerSigned.NameSpaces[NameSpace];
        var ids = items.Select(i => i.DigestId).ToArray();

        Assert.NotEqual(ids.Order(), ids);
        Assert.True(ids.Max() >= (ulong)ids.Length, "the digest IDs are not 0..n-1");
        Assert.Equal(ids.Length, ids.Distinct().Count());

        var keyOrder = Expected.GetProperty("IssuerSignedItem_key_order").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["random", "digestID", "elementValue", "elementIdentifier"], keyOrder);
        Assert.All(items, item =>
        {
            var map = Assert.IsType<CborMap>(item.ItemBytes.Content);
            Assert.Equal(keyOrder, map.Entries.Select(e => Assert.IsType<CborTextString>(e.Key).Value));
        });
    }

    [Fact]
    public void Pid_items_match_the_expected_values_salts_and_digests()
    {
        var items = DeviceResponse.Decode(Response).Documents[0].IssuerSigned.NameSpaces[NameSpace];
        foreach (var expected in Expected.GetProperty("elements").EnumerateArray())
        {
            var item = Assert.Single(items, i => i.ElementIdentifier == expected.GetProperty("elementIdentifier").GetString());
            Assert.Equal(NameSpace, expected.GetProperty("namespace").GetString());
            Assert.Equal((ulong)expected.GetProperty("digestID").GetInt32(), item.DigestId);
            Assert.Equal(expected.GetProperty("random_length").GetInt32(), item.Random.Length);
            Assert.Equal(expected.GetProperty("IssuerSignedItemBytes_sha256_hex").GetString(), Convert.ToHexStringLower(SHA256.HashData(item.ItemBytes.EncodedBytes.Span)));

            AssertValue(expected.GetProperty("elementValue"), item.ElementValue);
        }

        var familyName = Assert.Single(items, i => i.ElementIdentifier == "family_name");
        Assert.Equal("ANDERSSON", Assert.IsType<CborTextString>(familyName.ElementValue).Value);
    }

    [Fact]
    public void Pid_mso_holds_one_digest_per_item_over_the_tag_24_bytes_and_none_over_the_inner_item()
    {
        var document = DeviceResponse.Decode(Response).Documents[0];
        var mso = document.IssuerSigned.MobileSecurityObject;
        var expectedMso = Expected.GetProperty("MSO");

        Assert.Equal(HashAlgorithmName.SHA256, mso.DigestAlgorithm);
        Assert.Equal(expectedMso.GetProperty("docType").GetString(), mso.DocType);
        Assert.Equal(expectedMso.GetProperty("valueDigests_count").GetProperty(NameSpace).GetInt32(), mso.ValueDigests[NameSpace].Count);
        Assert.Equal(Time(expectedMso.GetProperty("validityInfo"), "signed"), mso.ValidityInfo.Signed);
        Assert.Equal(Time(expectedMso.GetProperty("validityInfo"), "validFrom"), mso.ValidityInfo.ValidFrom);
        Assert.Equal(Time(expectedMso.GetProperty("validityInfo"), "validUntil"), mso.ValidityInfo.ValidUntil);
        Assert.Equal(CoseKeyCurve.P256, mso.DeviceKey.Curve);
        Assert.Equal(expectedMso.GetProperty("deviceKey").GetProperty("x_hex").GetString(), Convert.ToHexStringLower(mso.DeviceKey.X));
        Assert.Equal(expectedMso.GetProperty("deviceKey").GetProperty("y_hex").GetString(), Convert.ToHexStringLower(mso.DeviceKey.Y));

        var digests = mso.ValueDigests[NameSpace];
        foreach (var item in document.IssuerSigned.NameSpaces[NameSpace])
        {
            Assert.Equal(digests[item.DigestId].ToArray(), SHA256.HashData(item.ItemBytes.EncodedBytes.Span));

            // Negative twin: the digest is not over the inner IssuerSignedItem (without the tag-24 wrapper).
            var inner = SHA256.HashData(item.ItemBytes.ContentBytes.Span);
            Assert.DoesNotContain(digests.Values, d => d.Span.SequenceEqual(inner));
        }
    }

    [Fact]
    public void Pid_issuer_auth_carries_the_ds_certificate_and_device_auth_is_a_detached_es256_signature()
    {
        var document = DeviceResponse.Decode(Response).Documents[0];
        var issuerAuth = document.IssuerSigned.IssuerAuth;

        Assert.Equal(CoseAlgorithm.ES256, issuerAuth.Algorithm);
        Assert.Equal(Vector("DS_certificate"), Assert.Single(issuerAuth.Headers.X5Chain).ToArray());

        var deviceSigned = document.DeviceSigned;
        Assert.Null(deviceSigned.DeviceMac);
        var signature = Assert.IsType<CoseSign1Message>(deviceSigned.DeviceSignature);
        Assert.Equal(CoseAlgorithm.ES256, signature.Algorithm);
        Assert.Null(signature.Payload);
        Assert.Equal("d81841a0", Convert.ToHexStringLower(deviceSigned.NameSpacesBytes.EncodedBytes.Span));
    }

    [Fact]
    public void Pid_issuer_signature_and_digests_pass_while_trust_ds_validity_and_device_signature_fail()
    {
        var result = Verifier(new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca }).Verify(Response, new MdocSession(UnrelatedTranscript));

        Assert.False(result.IsValid);
        Assert.Empty(result.Documents);
        Assert.Equal(CheckStatus.Passed, Outcome(result, "issuer_signature"));
        Assert.Equal(CheckStatus.Passed, Outcome(result, "digests"));
        Assert.Equal(CheckStatus.Passed, Outcome(result, "doctype"));
        Assert.Equal(CheckStatus.Failed, Outcome(result, "issuer_trust"));
        Assert.Equal(CheckStatus.Failed, Outcome(result, "validity"));
        Assert.Equal(CheckStatus.Failed, Outcome(result, "device_authentication"));

        // In pipeline order: the chain (no configured anchor; the DS expired 2024-05-29), the MSO signed after that,
        // and the device signature over a transcript it was not made for. Nothing about the signature or digests.
        Assert.Equal(
            [
                CertificateProblemCodes.UntrustedIssuer,
                CertificateProblemCodes.CertificateExpired,
                VerificationFailureCodes.MsoSignedOutsideCertificateValidity,
                VerificationFailureCodes.DeviceSignatureInvalid,
            ],
            result.Failures.Select(f => f.Code));
        Assert.All(result.Failures, f => Assert.Equal(0, f.DocumentIndex));
    }

    [Fact]
    public void Pid_signed_after_ds_expiry_is_reported_only_while_the_rule_is_on()
    {
        var session = new MdocSession(UnrelatedTranscript);
        var strict = Verifier(new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca }).Verify(Response, session);
        var lenient = Verifier(new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca, RequireMsoSignedWithinCertificateValidity = false }).Verify(Response, session);

        Assert.True(strict.HasFailure(VerificationFailureCodes.MsoSignedOutsideCertificateValidity));
        Assert.Equal(CheckStatus.Failed, Outcome(strict, "validity"));

        Assert.False(lenient.HasFailure(VerificationFailureCodes.MsoSignedOutsideCertificateValidity));
        Assert.Equal(CheckStatus.Passed, Outcome(lenient, "validity"));

        // Switching the rule off removes exactly that failure; the sample stays rejected for its trust and device signature.
        Assert.Equal(
            strict.Failures.Select(f => f.Code).Where(c => c != VerificationFailureCodes.MsoSignedOutsideCertificateValidity),
            lenient.Failures.Select(f => f.Code));
        Assert.False(lenient.IsValid);
        Assert.Empty(lenient.Documents);
    }

    [Fact]
    public void Pid_device_signature_does_not_verify_over_an_unrelated_transcript()
    {
        var result = Verifier(new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca, RequireMsoSignedWithinCertificateValidity = false })
            .Verify(Response, new MdocSession(UnrelatedTranscript));

        Assert.Equal(CheckStatus.Failed, Outcome(result, "device_authentication"));
        Assert.Single(result.Failures, f => f.Code == VerificationFailureCodes.DeviceSignatureInvalid);
        Assert.False(result.HasFailure(VerificationFailureCodes.ReaderKeyRequired));
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z")] // DS valid, MSO not yet valid
    [InlineData("2024-06-01T00:00:00Z")] // between DS notAfter and MSO validFrom
    [InlineData("2024-12-01T00:00:00Z")] // MSO valid, DS expired
    [InlineData("2025-12-01T00:00:00Z")] // both expired
    public void No_clock_satisfies_both_the_mso_and_the_ds_validity(string at)
    {
        var result = Verifier(
                new MdocVerifierOptions { TrustAnchors = AnnexDFixture.Iaca, RequireMsoSignedWithinCertificateValidity = false },
                DateTimeOffset.Parse(at, CultureInfo.InvariantCulture))
            .Verify(Response, new MdocSession(UnrelatedTranscript));

        var msoInvalid = result.HasFailure(VerificationFailureCodes.MsoNotYetValid) || result.HasFailure(VerificationFailureCodes.MsoExpired);
        var dsInvalid = result.HasFailure(CertificateProblemCodes.CertificateExpired) || result.HasFailure(CertificateProblemCodes.CertificateNotYetValid);
        Assert.True(msoInvalid || dsInvalid, string.Join(", ", result.Failures.Select(f => f.Code)));
        Assert.False(result.IsValid);
    }

    private static void AssertValue(JsonElement expected, CborValue actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), Assert.IsType<CborTextString>(actual).Value);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(expected.GetBoolean(), Assert.IsType<CborBoolean>(actual).Value);
                break;
            case JsonValueKind.Number:
                Assert.Equal(expected.GetInt64(), (long)Assert.IsType<CborInteger>(actual).Value);
                break;
            case JsonValueKind.Object when expected.GetProperty("tag").GetInt32() == 1004:
                Assert.Equal(DateOnly.Parse(expected.GetProperty("value").GetString()!, CultureInfo.InvariantCulture), Assert.IsType<CborFullDate>(actual).Value);
                break;
            case JsonValueKind.Object when expected.GetProperty("tag").GetInt32() == 0:
                Assert.Equal(Time(expected, "value"), Assert.IsType<CborDateTime>(actual).Value);
                break;
            default:
                Assert.Fail($"The expected value kind {expected.ValueKind} is not compared here.");
                break;
        }
    }

    private static MdocVerifier Verifier(MdocVerifierOptions options, DateTimeOffset? at = null) =>
        new(options, new FakeTimeProvider(at ?? InsideMsoValidity));

    private static CheckStatus Outcome(VerificationResult result, string check) =>
        Assert.Single(result.Checks, c => c.Name == check && c.DocumentIndex == 0).Status;

    private static DateTimeOffset Time(JsonElement section, string name) =>
        DateTimeOffset.Parse(section.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static byte[] Vector(string name)
    {
        foreach (var vector in Root.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("name").GetString() == name)
            {
                return Convert.FromHexString(vector.GetProperty("hex").GetString()!);
            }
        }

        throw new KeyNotFoundException(name);
    }
}
