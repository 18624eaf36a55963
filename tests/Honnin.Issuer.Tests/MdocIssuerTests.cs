using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Issuer;
using Honnin.Issuer.Mdoc;
using Honnin.Mdoc;
using Honnin.Tests.Issuance;

namespace Honnin.Issuer.Tests;

public sealed class MdocIssuerTests : IDisposable
{
    private readonly TestIssuer _pki = new();

    [Fact]
    public async Task Issued_credential_carries_every_claim_with_fresh_salts_and_a_valid_signature()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey));

        var decoded = IssuerSigned.Decode(CborDecoder.Decode(issued.Encode()));
        var mso = decoded.MobileSecurityObject;
        Assert.Equal("jp.honnin.withholding_slip.1", mso.DocType);
        Assert.Equal(deviceKey.X.ToArray(), mso.DeviceKey.X.ToArray());
        Assert.True(decoded.IssuerAuth.VerifySignature(_pki.Signer.PublicKey));
        var items = decoded.NameSpaces.SelectMany(ns => ns.Value.Select(i => (ns.Key, i))).ToList();
        Assert.Equal(TestIssuer.SlipClaims().Count, items.Count);
        Assert.All(items, x => Assert.True(x.i.Random.Length >= 16));
        Assert.Equal(items.Count, items.Select(x => Convert.ToHexString(x.i.Random.Span)).Distinct().Count());
        foreach (var (nameSpace, item) in items)
        {
            Assert.True(item.DigestId <= int.MaxValue);
            Assert.Equal(SHA256.HashData(item.ItemBytes.EncodedBytes.Span), mso.ValueDigests[nameSpace][item.DigestId].ToArray());
        }
    }

    [Fact]
    public async Task Digest_ids_are_not_sequential_and_decoys_hide_the_element_count()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey));

        foreach (var (nameSpace, items) in issued.IssuerSigned.NameSpaces)
        {
            var ids = items.Select(i => i.DigestId).ToArray();
            Assert.NotEqual(Enumerable.Range(0, ids.Length).Select(i => (ulong)i), ids);
            Assert.Equal(items.Count + 3, issued.IssuerSigned.MobileSecurityObject.ValueDigests[nameSpace].Count);
        }
    }

    [Fact]
    public async Task Timestamps_are_rounded_to_the_granularity_and_written_without_fractions()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        var issued = await _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), deviceKey));

        var validity = issued.IssuerSigned.MobileSecurityObject.ValidityInfo;
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), validity.Signed);
        Assert.Equal(validity.Signed, validity.ValidFrom);
        Assert.Equal(validity.ValidFrom.AddDays(365), validity.ValidUntil);
        Assert.Contains("c074323032362d30342d30315430303a30303a30305a", Convert.ToHexStringLower(issued.Encode()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_credentials_share_nothing_but_the_claims_and_the_coarse_timestamps()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => TestIssuer.NewDeviceKey(out var s)).ToArray();
        var batch = await _pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), keys[0]), keys);

        Assert.Equal(3, batch.Count);
        var salts = batch.SelectMany(b => b.IssuerSigned.NameSpaces.Values.SelectMany(v => v.Select(i => Convert.ToHexString(i.Random.Span)))).ToList();
        Assert.Equal(salts.Count, salts.Distinct().Count());
        Assert.Equal(3, batch.Select(b => Convert.ToHexString(b.IssuerSigned.IssuerAuth.Signature.Span)).Distinct().Count());
        Assert.Equal(3, batch.Select(b => Convert.ToHexString(b.IssuerSigned.MobileSecurityObject.DeviceKey.X)).Distinct().Count());
        Assert.Single(batch.Select(b => b.IssuerSigned.MobileSecurityObject.ValidityInfo.Signed).Distinct());
        var idSets = batch.Select(b => string.Join(",", b.IssuerSigned.NameSpaces.Values.SelectMany(v => v.Select(i => i.DigestId)).Order())).ToList();
        Assert.Equal(3, idSets.Distinct().Count());
    }

    [Fact]
    public async Task Batch_refuses_a_device_key_used_twice()
    {
        var key = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        await Assert.ThrowsAsync<ArgumentException>(() => _pki.Issuer.IssueBatchAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), key), [key, key]));
    }

    [Fact]
    public async Task Prepare_then_sign_elsewhere_then_complete_gives_a_valid_credential()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        var prepared = _pki.Issuer.Prepare(new MdocIssuanceRequest("enrollment-certificate", TestIssuer.EnrollmentClaims(), deviceKey));
        var signature = _pki.Signer.Sign(prepared.ToBeSigned.Span);

        var issued = _pki.Issuer.Complete(prepared, signature);
        Assert.True(issued.IssuerSigned.IssuerAuth.VerifySignature(_pki.Signer.PublicKey));

        // Negative twin: a signature by another key is refused at completion.
        using var other = Crypto.SoftwareSigner.Generate(Crypto.CoseAlgorithm.ES256);
        Assert.Throws<ArgumentException>(() => _pki.Issuer.Complete(prepared, other.Sign(prepared.ToBeSigned.Span)));
    }

    [Fact]
    public async Task Concurrent_issuances_each_check_their_own_signature()
    {
        // The issuer keeps the Document Signer key loaded for the check in Complete; shared between threads, every
        // credential still carries a signature that verifies, and a foreign signature is still refused afterwards.
        var devices = Enumerable.Range(0, 16).Select(_ => Crypto.SoftwareSigner.Generate(Crypto.CoseAlgorithm.ES256)).ToList();
        try
        {
            var issued = await Task.WhenAll(devices.Select(d => Task.Run(() => _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), d.PublicKey)))));

            Assert.All(issued, i => Assert.True(i.IssuerSigned.IssuerAuth.VerifySignature(_pki.Signer.PublicKey)));
            var prepared = _pki.Issuer.Prepare(new MdocIssuanceRequest("withholding-slip", TestIssuer.SlipClaims(), devices[0].PublicKey));
            Assert.Throws<ArgumentException>(() => _pki.Issuer.Complete(prepared, devices[1].Sign(prepared.ToBeSigned.Span)));
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public async Task Claims_that_do_not_fit_the_type_are_refused_naming_the_element()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        var claims = TestIssuer.SlipClaims().Add(HonninDocumentTypes.WithholdingSlipDocType, "payer_corporate_number", new CborTextString("not-13-digits"));

        var error = await Assert.ThrowsAsync<InvalidClaimsException>(() => _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", claims, deviceKey)));
        var problem = Assert.Single(error.Problems);
        Assert.Equal("jp.honnin.withholding_slip.1/payer_corporate_number", problem.Element);
        Assert.DoesNotContain("not-13-digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_my_number_is_refused_unless_a_legal_basis_is_stated()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        var claims = new DocumentClaims();
        foreach (var (ns, elements) in TestIssuer.SlipClaims().NameSpaces)
        {
            foreach (var (id, value) in elements)
            {
                claims.Add(ns, id, id == "full_name" ? new CborTextString("123456789018") : value);
            }
        }

        var refused = await Assert.ThrowsAsync<InvalidClaimsException>(() => _pki.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", claims, deviceKey)));
        Assert.Equal(ClaimProblemCodes.MyNumberRefused, Assert.Single(refused.Problems).Code);

        using var lawful = new TestIssuer(new MdocIssuerOptions { Signer = _pki.Signer, CertificateChain = [], MyNumbers = MyNumberPolicy.AllowWithLegalBasis("番号法第19条") });
        Assert.NotNull(await lawful.Issuer.IssueAsync(new MdocIssuanceRequest("withholding-slip", claims, deviceKey)));
    }

    [Fact]
    public void A_signer_whose_key_is_not_the_document_signer_key_is_refused()
    {
        using var other = Crypto.SoftwareSigner.Generate(Crypto.CoseAlgorithm.ES256);
        Assert.Throws<ArgumentException>(() => new MdocIssuer(new MdocIssuerOptions { Signer = other, CertificateChain = [_pki.DocumentSigner.RawData] }));
    }

    [Fact]
    public async Task Unknown_document_types_are_refused()
    {
        var deviceKey = TestIssuer.NewDeviceKey(out var device);
        using var _ = device;
        await Assert.ThrowsAsync<ArgumentException>(() => _pki.Issuer.IssueAsync(new MdocIssuanceRequest("org.example.unknown", new DocumentClaims(), deviceKey)));
    }

    public void Dispose() => _pki.Dispose();
}
