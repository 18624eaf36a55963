using System.Security.Cryptography.X509Certificates;
using Honnin.X509;

namespace Honnin.Core.Tests.X509;

public sealed class MdocCertificateProfileTests
{
    private const string DsEku = MdocCertificateProfile.DocumentSignerExtendedKeyUsage;

    private static string[] Codes(IReadOnlyList<Problem> problems) => problems.Select(p => p.Code).ToArray();

    [Fact]
    public void Annex_D_IACA_fits_the_IACA_profile()
    {
        // Source: ISO/IEC 18013-5 Annex D IACA_certificate (tests/vectors/mdoc/iso18013-5-annexd.json).
        using var iaca = TestPki.AnnexD("IACA_certificate");
        Assert.Empty(MdocCertificateProfile.CheckIaca(iaca));
    }

    [Fact]
    public void Annex_D_document_signer_is_not_an_IACA()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate (tests/vectors/mdoc/iso18013-5-annexd.json).
        using var ds = TestPki.AnnexD("DS_certificate");
        Assert.Equal(
            [CertificateProblemCodes.IacaNotCa, CertificateProblemCodes.IacaKeyUsage],
            Codes(MdocCertificateProfile.CheckIaca(ds)));
    }

    [Fact]
    public void Annex_D_reader_root_without_country_is_not_an_IACA()
    {
        // Source: ISO/IEC 18013-5 Annex D reader_root_certificate (subject CN=reader root, no C).
        using var root = TestPki.AnnexD("reader_root_certificate");
        Assert.Equal([CertificateProblemCodes.IacaMissingCountry], Codes(MdocCertificateProfile.CheckIaca(root)));
    }

    [Fact]
    public void Annex_D_document_signer_fits_the_DS_profile_under_the_Annex_D_IACA()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate and IACA_certificate.
        using var ds = TestPki.AnnexD("DS_certificate");
        using var iaca = TestPki.AnnexD("IACA_certificate");
        Assert.Empty(MdocCertificateProfile.CheckDocumentSigner(ds, iaca));
    }

    [Fact]
    public void Annex_D_reader_certificate_is_not_a_document_signer()
    {
        // Source: ISO/IEC 18013-5 Annex D reader_certificate (EKU 1.0.18013.5.1.6, no C) and IACA_certificate.
        using var reader = TestPki.AnnexD("reader_certificate");
        using var iaca = TestPki.AnnexD("IACA_certificate");
        Assert.Equal(
            [CertificateProblemCodes.DsMissingEku, CertificateProblemCodes.DsMissingCountry],
            Codes(MdocCertificateProfile.CheckDocumentSigner(reader, iaca)));
    }

    [Fact]
    public void Annex_D_reader_certificate_fits_the_reader_profile()
    {
        // Source: ISO/IEC 18013-5 Annex D reader_certificate.
        using var reader = TestPki.AnnexD("reader_certificate");
        Assert.Empty(MdocCertificateProfile.CheckReaderAuthentication(reader));
    }

    [Fact]
    public void Annex_D_document_signer_is_not_a_reader_certificate()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate (EKU 1.0.18013.5.1.2 only).
        using var ds = TestPki.AnnexD("DS_certificate");
        Assert.Equal([CertificateProblemCodes.ReaderMissingEku], Codes(MdocCertificateProfile.CheckReaderAuthentication(ds)));
    }

    [Fact]
    public void Generated_document_signer_without_the_mdoc_EKU_fails_ds_missing_eku()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds, C=US");
        Assert.Equal([CertificateProblemCodes.DsMissingEku], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
    }

    [Fact]
    public void Generated_document_signer_with_another_EKU_fails_ds_missing_eku()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds, C=US", extendedKeyUsages: [MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage]);
        Assert.Equal([CertificateProblemCodes.DsMissingEku], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
    }

    [Fact]
    public void Document_signer_without_digital_signature_fails_ds_key_usage()
    {
        using var iaca = TestPki.Iaca();
        using var noKeyUsage = TestPki.Custom(iaca, "CN=ds, C=US", keyUsage: null, extendedKeyUsages: [DsEku]);
        using var wrongKeyUsage = TestPki.Custom(iaca, "CN=ds, C=US", keyUsage: X509KeyUsageFlags.KeyAgreement, extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsKeyUsage], Codes(MdocCertificateProfile.CheckDocumentSigner(noKeyUsage, iaca.Certificate)));
        Assert.Equal([CertificateProblemCodes.DsKeyUsage], Codes(MdocCertificateProfile.CheckDocumentSigner(wrongKeyUsage, iaca.Certificate)));
    }

    [Fact]
    public void Document_signer_that_is_a_CA_fails_ds_is_ca()
    {
        using var iaca = TestPki.Iaca();
        using var basicConstraintsCa = TestPki.Custom(iaca, "CN=ds, C=US", extendedKeyUsages: [DsEku], certificateAuthority: true);
        using var keyCertSign = TestPki.Custom(
            iaca, "CN=ds, C=US", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsIsCa], Codes(MdocCertificateProfile.CheckDocumentSigner(basicConstraintsCa, iaca.Certificate)));
        Assert.Equal([CertificateProblemCodes.DsIsCa], Codes(MdocCertificateProfile.CheckDocumentSigner(keyCertSign, iaca.Certificate)));
    }

    [Fact]
    public void Document_signer_with_basic_constraints_not_CA_passes()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds, C=US", extendedKeyUsages: [DsEku], certificateAuthority: false);
        Assert.Empty(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate));
    }

    [Fact]
    public void Document_signer_country_other_than_the_IACA_country_fails_ds_country_mismatch()
    {
        using var iaca = TestPki.Iaca("US");
        using var ds = TestPki.Custom(iaca, "CN=ds, C=NL", extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsCountryMismatch], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
    }

    [Fact]
    public void Country_comparison_is_exact()
    {
        using var iaca = TestPki.Iaca("US");
        using var ds = TestPki.Custom(iaca, "CN=ds, C=us", extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsCountryMismatch], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
    }

    [Fact]
    public void Document_signer_without_country_fails_ds_missing_country()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds", extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsMissingCountry], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
    }

    [Fact]
    public void Document_signer_with_two_countries_fails_ds_missing_country()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds, C=US, C=NL", extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsMissingCountry], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
    }

    [Fact]
    public void Document_signer_under_an_IACA_without_country_fails_ds_country_mismatch()
    {
        using var root = TestPki.Root("CN=no country root");
        using var ds = TestPki.Custom(root, "CN=ds, C=US", extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.DsCountryMismatch], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, root.Certificate)));
    }

    [Fact]
    public void States_are_compared_only_when_both_are_present()
    {
        using var iacaWithState = TestPki.Iaca("US", "CA");
        using var iacaWithoutState = TestPki.Iaca("US");
        using var dsSameState = TestPki.Custom(iacaWithState, "CN=ds, S=CA, C=US", extendedKeyUsages: [DsEku]);
        using var dsOtherState = TestPki.Custom(iacaWithState, "CN=ds, S=NY, C=US", extendedKeyUsages: [DsEku]);
        using var dsNoState = TestPki.Custom(iacaWithState, "CN=ds, C=US", extendedKeyUsages: [DsEku]);
        using var dsStateUnderStatelessIaca = TestPki.Custom(iacaWithoutState, "CN=ds, S=NY, C=US", extendedKeyUsages: [DsEku]);

        Assert.Empty(MdocCertificateProfile.CheckDocumentSigner(dsSameState, iacaWithState.Certificate));
        Assert.Equal([CertificateProblemCodes.DsStateMismatch], Codes(MdocCertificateProfile.CheckDocumentSigner(dsOtherState, iacaWithState.Certificate)));
        Assert.Empty(MdocCertificateProfile.CheckDocumentSigner(dsNoState, iacaWithState.Certificate));
        Assert.Empty(MdocCertificateProfile.CheckDocumentSigner(dsStateUnderStatelessIaca, iacaWithoutState.Certificate));
    }

    [Fact]
    public void IACA_without_CA_flag_or_key_usages_fails()
    {
        using var iaca = TestPki.Iaca();
        using var notCa = TestPki.Custom(iaca, "CN=iaca, C=US", X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        using var noCrlSign = TestPki.Custom(iaca, "CN=iaca, C=US", X509KeyUsageFlags.KeyCertSign, certificateAuthority: true);
        using var noCountry = TestPki.Custom(iaca, "CN=iaca", X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, certificateAuthority: true);
        Assert.Equal([CertificateProblemCodes.IacaNotCa], Codes(MdocCertificateProfile.CheckIaca(notCa)));
        Assert.Equal([CertificateProblemCodes.IacaKeyUsage], Codes(MdocCertificateProfile.CheckIaca(noCrlSign)));
        Assert.Equal([CertificateProblemCodes.IacaMissingCountry], Codes(MdocCertificateProfile.CheckIaca(noCountry)));
    }

    [Fact]
    public void Reader_certificate_without_the_reader_EKU_fails_reader_missing_eku()
    {
        using var root = TestPki.Iaca();
        using var reader = TestPki.Custom(root, "CN=reader", extendedKeyUsages: [DsEku]);
        Assert.Equal([CertificateProblemCodes.ReaderMissingEku], Codes(MdocCertificateProfile.CheckReaderAuthentication(reader)));
    }

    [Fact]
    public void Reader_certificate_key_usage_and_CA_flag_are_checked()
    {
        using var root = TestPki.Iaca();
        var eku = new[] { MdocCertificateProfile.ReaderAuthenticationExtendedKeyUsage };
        using var noDigitalSignature = TestPki.Custom(root, "CN=reader", X509KeyUsageFlags.KeyAgreement, eku);
        using var ca = TestPki.Custom(root, "CN=reader", X509KeyUsageFlags.DigitalSignature, eku, certificateAuthority: true);
        Assert.Equal([CertificateProblemCodes.ReaderKeyUsage], Codes(MdocCertificateProfile.CheckReaderAuthentication(noDigitalSignature)));
        Assert.Equal([CertificateProblemCodes.ReaderIsCa], Codes(MdocCertificateProfile.CheckReaderAuthentication(ca)));
    }

    [Fact]
    public void Undecodable_key_usage_is_a_problem_not_an_exception()
    {
        using var iaca = TestPki.Iaca();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ds, C=US", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension("2.5.29.15", [0x04, 0x01, 0xFF], critical: true));
        using var ds = request.Create(
            iaca.Certificate.SubjectName,
            X509SignatureGenerator.CreateForECDsa(iaca.Key),
            TestPki.NotBefore,
            TestPki.NotAfter,
            [0x01]);

        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(MdocCertificateProfile.CheckDocumentSigner(ds, iaca.Certificate)));
        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(MdocCertificateProfile.CheckReaderAuthentication(ds)));
        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(MdocCertificateProfile.CheckIaca(ds)));
    }

    [Fact]
    public void Validity_period_is_checked_with_clock_skew_on_both_ends()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate, valid 2020-10-01T00:00:00Z .. 2021-10-01T00:00:00Z.
        using var ds = TestPki.AnnexD("DS_certificate");
        var notBefore = new DateTimeOffset(2020, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var notAfter = new DateTimeOffset(2021, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var skew = TimeSpan.FromSeconds(60);

        Assert.Empty(MdocCertificateProfile.CheckValidityPeriod(ds, notBefore, TimeSpan.Zero));
        Assert.Empty(MdocCertificateProfile.CheckValidityPeriod(ds, notAfter, TimeSpan.Zero));
        Assert.Equal([CertificateProblemCodes.CertificateExpired], Codes(MdocCertificateProfile.CheckValidityPeriod(ds, notAfter.AddSeconds(1), TimeSpan.Zero)));
        Assert.Empty(MdocCertificateProfile.CheckValidityPeriod(ds, notAfter.AddSeconds(60), skew));
        Assert.Equal([CertificateProblemCodes.CertificateExpired], Codes(MdocCertificateProfile.CheckValidityPeriod(ds, notAfter.AddSeconds(61), skew)));
        Assert.Equal([CertificateProblemCodes.CertificateNotYetValid], Codes(MdocCertificateProfile.CheckValidityPeriod(ds, notBefore.AddSeconds(-1), TimeSpan.Zero)));
        Assert.Empty(MdocCertificateProfile.CheckValidityPeriod(ds, notBefore.AddSeconds(-60), skew));
        Assert.Equal([CertificateProblemCodes.CertificateNotYetValid], Codes(MdocCertificateProfile.CheckValidityPeriod(ds, notBefore.AddSeconds(-61), skew)));
    }

    [Fact]
    public void Validity_check_does_not_overflow_at_the_ends_of_time()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds, C=US", notAfter: new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero), extendedKeyUsages: [DsEku]);
        Assert.Empty(MdocCertificateProfile.CheckValidityPeriod(ds, DateTimeOffset.MaxValue, TimeSpan.FromDays(1)));
        Assert.Equal(
            [CertificateProblemCodes.CertificateNotYetValid],
            Codes(MdocCertificateProfile.CheckValidityPeriod(ds, DateTimeOffset.MinValue, TimeSpan.FromDays(1))));
    }

    [Fact]
    public void Negative_clock_skew_is_a_programmer_error()
    {
        using var ds = TestPki.AnnexD("DS_certificate");
        Assert.Throws<ArgumentOutOfRangeException>(() => MdocCertificateProfile.CheckValidityPeriod(ds, TestPki.AnnexDNow, TimeSpan.FromSeconds(-1)));
    }
}
