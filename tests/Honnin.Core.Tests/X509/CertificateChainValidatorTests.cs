using System.Security.Cryptography.X509Certificates;
using Honnin.Tests;
using Honnin.X509;

namespace Honnin.Core.Tests.X509;

public sealed class CertificateChainValidatorTests
{
    private static readonly DateTimeOffset AnnexDDsNotAfter = new(2021, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private static string[] Codes(CertificateChainValidationResult result) => result.Failures.Select(f => f.Code).ToArray();

    private static CertificateChainValidator AnnexDIssuerValidator(TrustAnchorSet anchors, TimeSpan clockSkew = default) =>
        new(anchors, MdocCertificateRole.DocumentSigner, new CertificateChainValidationOptions { ClockSkew = clockSkew });

    private static ReadOnlyMemory<byte>[] X5Chain(params X509Certificate2[] certificates) =>
        certificates.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToArray();

    [Fact]
    public void Annex_D_document_signer_chains_to_the_Annex_D_IACA_inside_its_validity()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate and IACA_certificate; fixed clock 2021-01-01T00:00:00Z
        // as suggested by tests/vectors/mdoc/iso18013-5-annexd.json (validity_window_for_verification).
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate([Vectors.AnnexD("DS_certificate")], TestPki.AnnexDNow);
        using var leaf = result.Leaf;

        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.Empty(result.Failures);
        Assert.Same(anchors.Certificates[0], result.TrustAnchor);
        Assert.Equal(Vectors.AnnexD("DS_certificate"), leaf!.RawData);
    }

    [Fact]
    public void Valid_chain_reports_the_validity_window_of_its_whole_path()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate and IACA_certificate, at 2021-01-01T00:00:00Z: the window is
        // the latest notBefore and the earliest notAfter of the two.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        using var ds = TestPki.AnnexD("DS_certificate");
        var iaca = anchors.Certificates[0];
        var result = AnnexDIssuerValidator(anchors).Validate([ds], TestPki.AnnexDNow);

        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.Equal(Max(ds.NotBefore, iaca.NotBefore), result.PathNotBefore);
        Assert.Equal(Min(ds.NotAfter, iaca.NotAfter), result.PathNotAfter);
        Assert.Equal(AnnexDDsNotAfter, result.PathNotAfter);

        static DateTimeOffset Max(DateTime a, DateTime b) => new(a > b ? a.ToUniversalTime() : b.ToUniversalTime(), TimeSpan.Zero);
        static DateTimeOffset Min(DateTime a, DateTime b) => new(a < b ? a.ToUniversalTime() : b.ToUniversalTime(), TimeSpan.Zero);
    }

    [Fact]
    public void Failed_chain_reports_no_validity_window()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate, expired at 2026-01-01.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        using var ds = TestPki.AnnexD("DS_certificate");
        var result = AnnexDIssuerValidator(anchors).Validate([ds], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.False(result.IsValid);
        Assert.Null(result.PathNotBefore);
        Assert.Null(result.PathNotAfter);
    }

    [Fact]
    public void Annex_D_document_signer_is_expired_in_2026()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate (notAfter 2021-10-01T00:00:00Z), checked at 2026-01-01.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate(
            [Vectors.AnnexD("DS_certificate")],
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        result.Leaf?.Dispose();

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.CertificateExpired], Codes(result));
        Assert.NotNull(result.TrustAnchor);
    }

    [Fact]
    public void Annex_D_document_signer_is_not_yet_valid_before_its_not_before()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate (notBefore 2020-10-01T00:00:00Z).
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate(
            [Vectors.AnnexD("DS_certificate")],
            new DateTimeOffset(2020, 9, 30, 23, 59, 0, TimeSpan.Zero));
        result.Leaf?.Dispose();

        Assert.False(result.IsValid);
        Assert.Contains(CertificateProblemCodes.CertificateNotYetValid, Codes(result));
    }

    [Fact]
    public void Clock_skew_accepts_a_document_signer_just_after_expiry()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate (notAfter 2021-10-01T00:00:00Z).
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var justAfter = AnnexDDsNotAfter.AddSeconds(30);
        var withSkew = AnnexDIssuerValidator(anchors, TimeSpan.FromSeconds(60)).Validate([Vectors.AnnexD("DS_certificate")], justAfter);
        var withoutSkew = AnnexDIssuerValidator(anchors).Validate([Vectors.AnnexD("DS_certificate")], justAfter);
        withSkew.Leaf?.Dispose();
        withoutSkew.Leaf?.Dispose();

        Assert.True(withSkew.IsValid);
        Assert.Equal([CertificateProblemCodes.CertificateExpired], Codes(withoutSkew));
    }

    [Fact]
    public void Annex_D_document_signer_is_untrusted_when_only_another_IACA_is_an_anchor()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate; the anchor is a generated IACA with the same subject country.
        using var otherIaca = TestPki.Iaca("US", name: "utopia iaca");
        using var anchors = TrustAnchorSet.Create([otherIaca.Certificate]);
        var result = AnnexDIssuerValidator(anchors).Validate([Vectors.AnnexD("DS_certificate")], TestPki.AnnexDNow);
        result.Leaf?.Dispose();

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.UntrustedIssuer], Codes(result));
        Assert.Null(result.TrustAnchor);
    }

    [Fact]
    public void Annex_D_document_signer_with_a_changed_signature_fails_chain_invalid()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate with the last byte of its ECDSA signature changed.
        var ds = Vectors.AnnexD("DS_certificate");
        ds[^1] ^= 0x01;
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate([ds], TestPki.AnnexDNow);
        result.Leaf?.Dispose();

        Assert.False(result.IsValid);
        Assert.Contains(CertificateProblemCodes.ChainInvalid, Codes(result));
    }

    [Fact]
    public void Annex_D_reader_certificate_chains_to_the_Annex_D_reader_root()
    {
        // Source: ISO/IEC 18013-5 Annex D reader_certificate and reader_root_certificate, fixed clock 2021-01-01T00:00:00Z.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("reader_root_certificate"));
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.ReaderAuthentication);
        var result = validator.Validate([Vectors.AnnexD("reader_certificate")], TestPki.AnnexDNow);
        result.Leaf?.Dispose();

        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.Same(anchors.Certificates[0], result.TrustAnchor);
    }

    [Fact]
    public void Annex_D_reader_certificate_is_not_accepted_as_a_document_signer()
    {
        // Source: ISO/IEC 18013-5 Annex D reader_certificate and reader_root_certificate (no EKU 1.0.18013.5.1.2, no C).
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("reader_root_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate([Vectors.AnnexD("reader_certificate")], TestPki.AnnexDNow);
        result.Leaf?.Dispose();

        Assert.False(result.IsValid);
        Assert.Contains(CertificateProblemCodes.DsMissingEku, Codes(result));
    }

    [Fact]
    public void Annex_D_reader_certificate_does_not_chain_to_the_Annex_D_IACA()
    {
        // Source: ISO/IEC 18013-5 Annex D reader_certificate and IACA_certificate.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.ReaderAuthentication);
        var result = validator.Validate([Vectors.AnnexD("reader_certificate")], TestPki.AnnexDNow);
        result.Leaf?.Dispose();

        Assert.Equal([CertificateProblemCodes.UntrustedIssuer], Codes(result));
    }

    [Fact]
    public void Generated_document_signer_chains_to_its_generated_IACA()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.DocumentSigner(iaca);
        using var anchors = TrustAnchorSet.Create([iaca.Certificate]);
        var result = AnnexDIssuerValidator(anchors).Validate([ds], TestPki.Now);

        Assert.True(result.IsValid, string.Join("; ", result.Failures));
        Assert.Same(ds, result.Leaf);
    }

    [Fact]
    public void Generated_document_signer_without_the_EKU_fails_ds_missing_eku()
    {
        using var iaca = TestPki.Iaca();
        using var ds = TestPki.Custom(iaca, "CN=ds, C=US");
        using var anchors = TrustAnchorSet.Create([iaca.Certificate]);
        var result = AnnexDIssuerValidator(anchors).Validate([ds], TestPki.Now);

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.DsMissingEku], Codes(result));
    }

    [Fact]
    public void Generated_document_signer_with_another_country_fails_ds_country_mismatch()
    {
        using var iaca = TestPki.Iaca("US");
        using var ds = TestPki.Custom(iaca, "CN=ds, C=NL", extendedKeyUsages: [MdocCertificateProfile.DocumentSignerExtendedKeyUsage]);
        using var anchors = TrustAnchorSet.Create([iaca.Certificate]);
        var result = AnnexDIssuerValidator(anchors).Validate([ds], TestPki.Now);

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.DsCountryMismatch], Codes(result));
    }

    [Fact]
    public void The_anchor_itself_as_leaf_is_not_a_document_signer()
    {
        using var iaca = TestPki.Iaca();
        using var anchors = TrustAnchorSet.Create([iaca.Certificate]);
        var result = AnnexDIssuerValidator(anchors).Validate([iaca.Certificate], TestPki.Now);

        Assert.False(result.IsValid);
        Assert.Contains(CertificateProblemCodes.DsIsCa, Codes(result));
        Assert.Contains(CertificateProblemCodes.DsMissingEku, Codes(result));
    }

    [Fact]
    public void Self_signed_leaf_outside_the_anchor_set_is_untrusted()
    {
        using var iaca = TestPki.Iaca();
        using var stranger = TestPki.Iaca();
        using var anchors = TrustAnchorSet.Create([iaca.Certificate]);
        var result = AnnexDIssuerValidator(anchors).Validate([stranger.Certificate], TestPki.Now);

        Assert.Contains(CertificateProblemCodes.UntrustedIssuer, Codes(result));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_document_signer_under_an_intermediate_ca_is_refused_even_when_the_chain_completes()
    {
        using var root = TestPki.Root("CN=root, C=US");
        using var intermediate = TestPki.Intermediate(root, "CN=intermediate, C=US");
        using var ds = TestPki.Custom(intermediate, "CN=ds, C=US", extendedKeyUsages: [MdocCertificateProfile.DocumentSignerExtendedKeyUsage]);
        using var anchors = TrustAnchorSet.Create([root.Certificate]);
        // SD-JWT VC issuers may chain through intermediates; an mdoc Document Signer may not (Annex B).
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer);

        var withIntermediate = validator.Validate(X5Chain(ds, intermediate.Certificate), TestPki.Now);
        var withoutIntermediate = validator.Validate(X5Chain(ds), TestPki.Now);
        var asDocumentSigner = AnnexDIssuerValidator(anchors).Validate(X5Chain(ds, intermediate.Certificate), TestPki.Now);
        withIntermediate.Leaf?.Dispose();
        withoutIntermediate.Leaf?.Dispose();
        asDocumentSigner.Leaf?.Dispose();

        // ISO/IEC 18013-5 Annex B: the IACA issues the Document Signer; the root here has no pathLenConstraint.
        Assert.True(withIntermediate.IsValid, string.Join("; ", withIntermediate.Failures));
        Assert.Same(anchors.Certificates[0], withIntermediate.TrustAnchor);
        Assert.Equal([CertificateProblemCodes.UntrustedIssuer], Codes(withoutIntermediate));
        Assert.Equal([CertificateProblemCodes.DsNotIssuedByIaca], Codes(asDocumentSigner));
    }

    [Fact]
    public void An_sd_jwt_vc_issuer_may_sit_under_an_intermediate_and_needs_no_mdoc_eku_or_country()
    {
        using var root = TestPki.Root("CN=root, C=DE");
        using var intermediate = TestPki.Intermediate(root, "CN=intermediate, C=DE");
        using var issuer = TestPki.Custom(intermediate, "CN=pid issuer");
        using var ca = TestPki.Custom(intermediate, "CN=not an issuer", keyUsage: X509KeyUsageFlags.KeyCertSign);
        using var anchors = TrustAnchorSet.Create([root.Certificate]);
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer);

        var accepted = validator.Validate(X5Chain(issuer, intermediate.Certificate), TestPki.Now);
        var refused = validator.Validate(X5Chain(ca, intermediate.Certificate), TestPki.Now);
        accepted.Leaf?.Dispose();
        refused.Leaf?.Dispose();

        Assert.True(accepted.IsValid, string.Join("; ", accepted.Failures));
        Assert.Equal([CertificateProblemCodes.SdJwtIssuerIsCa, CertificateProblemCodes.SdJwtIssuerKeyUsage], Codes(refused).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Expired_intermediate_fails_certificate_expired()
    {
        using var root = TestPki.Root("CN=root, C=US");
        using var intermediate = TestPki.Intermediate(root, "CN=intermediate, C=US");
        using var ds = TestPki.Custom(intermediate, "CN=ds, C=US", extendedKeyUsages: [MdocCertificateProfile.DocumentSignerExtendedKeyUsage]);
        using var anchors = TrustAnchorSet.Create([root.Certificate]);

        var result = new CertificateChainValidator(anchors, MdocCertificateRole.SdJwtVcIssuer).Validate([ds, intermediate.Certificate], TestPki.NotAfter.AddDays(1));

        Assert.False(result.IsValid);
        Assert.Equal(
            [CertificateProblemCodes.CertificateExpired, CertificateProblemCodes.CertificateExpired, CertificateProblemCodes.CertificateExpired],
            Codes(result));
    }

    [Fact]
    public void Empty_x5chain_fails_certificate_malformed()
    {
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate(Array.Empty<ReadOnlyMemory<byte>>(), TestPki.AnnexDNow);

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(result));
        Assert.Null(result.Leaf);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("3000")]
    [InlineData("0400")]
    public void Bytes_that_are_not_a_certificate_fail_certificate_malformed(string hex)
    {
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate([Convert.FromHexString(hex)], TestPki.AnnexDNow);

        Assert.False(result.IsValid);
        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(result));
    }

    [Fact]
    public void Trailing_bytes_after_the_certificate_fail_certificate_malformed()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate followed by one extra byte.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate([(byte[])[.. Vectors.AnnexD("DS_certificate"), 0x00]], TestPki.AnnexDNow);

        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(result));
    }

    [Fact]
    public void Malformed_intermediate_keeps_the_parsed_leaf_and_fails()
    {
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var result = AnnexDIssuerValidator(anchors).Validate([Vectors.AnnexD("DS_certificate"), new byte[] { 0x30, 0x00 }], TestPki.AnnexDNow);
        using var leaf = result.Leaf;

        Assert.False(result.IsValid);
        Assert.NotNull(leaf);
        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(result));
    }

    [Fact]
    public void X5chain_longer_than_the_limit_fails_chain_invalid()
    {
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, new CertificateChainValidationOptions { MaxChainLength = 2 });
        var ds = Vectors.AnnexD("DS_certificate");
        var result = validator.Validate([ds, ds, ds], TestPki.AnnexDNow);

        Assert.Equal([CertificateProblemCodes.ChainInvalid], Codes(result));
    }

    [Fact]
    public void Certificate_larger_than_the_limit_fails_certificate_malformed()
    {
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var validator = new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, new CertificateChainValidationOptions { MaxCertificateSize = 256 });
        var result = validator.Validate([Vectors.AnnexD("DS_certificate")], TestPki.AnnexDNow);

        Assert.Equal([CertificateProblemCodes.CertificateMalformed], Codes(result));
    }

    [Fact]
    public void Any_single_byte_change_of_the_Annex_D_document_signer_fails_closed_without_throwing()
    {
        // Source: ISO/IEC 18013-5 Annex D DS_certificate and IACA_certificate; every byte flipped in turn.
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        var validator = AnnexDIssuerValidator(anchors);
        var original = Vectors.AnnexD("DS_certificate");
        for (var i = 0; i < original.Length; i++)
        {
            var changed = (byte[])original.Clone();
            changed[i] ^= 0x01;
            var result = validator.Validate([changed], TestPki.AnnexDNow);
            result.Leaf?.Dispose();
            Assert.False(result.IsValid, $"byte {i} changed, still valid");
            Assert.NotEmpty(result.Failures);
        }
    }

    [Fact]
    public void Options_out_of_range_are_rejected_when_the_validator_is_built()
    {
        using var anchors = TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));
        Assert.Throws<ArgumentException>(() => new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, new() { ClockSkew = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, new() { ClockSkew = TimeSpan.FromDays(2) }));
        Assert.Throws<ArgumentException>(() => new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, new() { MaxChainLength = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CertificateChainValidator(anchors, (MdocCertificateRole)0));
    }
}
