using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>
/// The raw crypto each SD-JWT VC operation needs, done with the BCL directly on inputs prepared once from the fixture.
/// Keys that arrive with the presentation (the holder's <c>cnf.jwk</c>, the Document Signer in <c>x5c</c>) are
/// imported per operation, as every verifier must; configured keys (the issuer key of issuer-key trust, the IACA, the
/// issuer's and the holder's private keys) are loaded once.
/// </summary>
internal sealed class SdJwtCryptoFloor : IDisposable
{
    private readonly X509Certificate2 _iaca;
    private readonly ECDsa _iacaPublic;
    private readonly byte[] _documentSignerDer;
    private readonly byte[] _documentSignerTbs;
    private readonly byte[] _documentSignerSignature;
    private readonly byte[] _documentSignerSpki;
    private readonly ECDsa _issuerPublic;
    private readonly ECDsa _issuerPrivate;
    private readonly ECDsa _holderPrivate;
    private readonly ECParameters _holderParameters;
    private readonly byte[] _issuerSigningInput;
    private readonly byte[] _issuerSignature;
    private readonly byte[] _keyBindingSigningInput;
    private readonly byte[] _keyBindingSignature;
    private readonly byte[][] _credentialDisclosures;

    public SdJwtCryptoFloor(SdJwtFixture fixture)
    {
        _iaca = X509CertificateLoader.LoadCertificate(fixture.Pki.Iaca.RawData);
        _iacaPublic = _iaca.GetECDsaPublicKey()!;
        _documentSignerDer = fixture.Pki.DocumentSigner.RawData;
        (_documentSignerTbs, _documentSignerSignature) = SplitCertificate(_documentSignerDer);
        _documentSignerSpki = fixture.Pki.DocumentSigner.PublicKey.ExportSubjectPublicKeyInfo();
        _issuerPublic = fixture.Pki.DocumentSigner.GetECDsaPublicKey()!;
        _issuerPrivate = ECDsa.Create(fixture.Pki.DocumentSignerKey.ExportParameters(includePrivateParameters: true));
        _holderPrivate = fixture.HolderKey.ExportECDsa();
        _holderParameters = fixture.HolderKey.PublicKey.ToECParameters();

        var presentation = Honnin.SdJwt.SelectiveDisclosureJwt.Parse(fixture.Presentation);
        _issuerSigningInput = Encoding.ASCII.GetBytes(presentation.IssuerSigned.SigningInput);
        _issuerSignature = presentation.IssuerSigned.Signature.ToArray();
        _keyBindingSigningInput = Encoding.ASCII.GetBytes(presentation.KeyBinding!.Jws.SigningInput);
        _keyBindingSignature = presentation.KeyBinding.Jws.Signature.ToArray();
        _credentialDisclosures = [.. Honnin.SdJwt.SelectiveDisclosureJwt.Parse(fixture.Credential).Disclosures.Select(d => Encoding.ASCII.GetBytes(d.Encoded))];

        if (!VerifyWithIssuerKey() || !VerifyWithX509Chain() || !VerifyRaw() || !ValidateChainX509() || !VerifyDocumentSignerCertificate())
        {
            throw new InvalidOperationException("The crypto floor does not verify the fixture.");
        }
    }

    /// <summary>How many digests an issuance computes: one per disclosure, one per decoy.</summary>
    public int IssuanceDigests => _credentialDisclosures.Length + SdJwtFixture.Decoys;

    /// <summary>The issuer's floor: one ES256 signature over the Issuer-signed JWT's signing input.</summary>
    public byte[] SignIssuerJwt() =>
        _issuerPrivate.SignData(_issuerSigningInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// The least any SD-JWT issuer does besides signing: a 128-bit salt and a SHA-256 digest per disclosure (over the
    /// issued disclosure strings) and per decoy, then the signature.
    /// </summary>
    public int SignIssuerJwtWithDigests() => Digests() + SignIssuerJwt().Length;

    private int Digests()
    {
        Span<byte> salt = stackalloc byte[16];
        Span<byte> digest = stackalloc byte[32];
        var total = 0;
        foreach (var disclosure in _credentialDisclosures)
        {
            RandomNumberGenerator.Fill(salt);
            SHA256.HashData(disclosure, digest);
            total += digest[0];
        }

        for (var i = 0; i < SdJwtFixture.Decoys; i++)
        {
            RandomNumberGenerator.Fill(salt);
            SHA256.HashData(salt, digest);
            total += digest[0];
        }

        return total;
    }

    /// <summary>
    /// <see cref="SignIssuerJwtWithDigests"/> and the self-check Honnin makes by design: the signature verified with the
    /// signing key (loaded once) before the credential leaves the issuer.
    /// </summary>
    public int SignIssuerJwtWithDigestsAndSelfCheck()
    {
        var total = Digests();
        var signature = SignIssuerJwt();
        return _issuerPublic.VerifyData(_issuerSigningInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation) ? total + signature.Length : throw new InvalidOperationException("The floor's signature does not verify.");
    }

    /// <summary>The issuer's floor for a batch: one signature per credential.</summary>
    public int SignIssuerJwtBatch()
    {
        var length = 0;
        for (var i = 0; i < SdJwtFixture.BatchSize; i++)
        {
            length += SignIssuerJwt().Length;
        }

        return length;
    }

    /// <summary>The holder's floor: one ES256 signature over the KB-JWT's signing input.</summary>
    public byte[] SignKeyBindingJwt() =>
        _holderPrivate.SignData(_keyBindingSigningInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Issuer-key trust: the configured issuer key (loaded) verifies the JWS; the holder key from <c>cnf.jwk</c> is imported and verifies the KB-JWT.</summary>
    public bool VerifyWithIssuerKey() => VerifyIssuerJwt(_issuerPublic) & ImportAndVerifyKeyBinding();

    /// <summary>x5c trust: DS certificate loaded and chained to the IACA by X509Chain, its key verifies the JWS; the holder key imported verifies the KB-JWT.</summary>
    public bool VerifyWithX509Chain() => ChainAndVerifyIssuerJwt() & ImportAndVerifyKeyBinding();

    /// <summary>x5c trust with the chain as one ECDSA verify of the DS certificate and the DS key imported from its SubjectPublicKeyInfo.</summary>
    public bool VerifyRaw()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_documentSignerSpki, out _);
        return VerifyDocumentSignerCertificate() & VerifyIssuerJwt(key) & ImportAndVerifyKeyBinding();
    }

    /// <summary>X509Chain from the DS bytes to the IACA, custom root trust, no revocation.</summary>
    public bool ValidateChainX509()
    {
        using var leaf = X509CertificateLoader.LoadCertificate(_documentSignerDer);
        return BuildChain(leaf);
    }

    /// <summary>One ECDSA P-256 verify of the DS certificate's signature with the IACA key.</summary>
    public bool VerifyDocumentSignerCertificate() =>
        _iacaPublic.VerifyData(_documentSignerTbs, _documentSignerSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>With the issuer key loaded: one ES256 verify of the Issuer-signed JWT.</summary>
    public bool VerifyIssuerJwtLoaded() => VerifyIssuerJwt(_issuerPublic);

    /// <summary>Imports a P-256 public key from its coordinates, as <c>cnf.jwk</c> arrives in every presentation.</summary>
    public bool ImportHolderKey()
    {
        using var key = ECDsa.Create(_holderParameters);
        return key.KeySize == 256;
    }

    public void Dispose()
    {
        _iaca.Dispose();
        _iacaPublic.Dispose();
        _issuerPublic.Dispose();
        _issuerPrivate.Dispose();
        _holderPrivate.Dispose();
    }

    private bool VerifyIssuerJwt(ECDsa key) =>
        key.VerifyData(_issuerSigningInput, _issuerSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private bool ImportAndVerifyKeyBinding()
    {
        using var key = ECDsa.Create(_holderParameters);
        return key.VerifyData(_keyBindingSigningInput, _keyBindingSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private bool ChainAndVerifyIssuerJwt()
    {
        using var leaf = X509CertificateLoader.LoadCertificate(_documentSignerDer);
        var built = BuildChain(leaf);
        using var key = leaf.GetECDsaPublicKey()!;
        return built & VerifyIssuerJwt(key);
    }

    private bool BuildChain(X509Certificate2 leaf)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(_iaca);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        var built = chain.Build(leaf);
        foreach (var element in chain.ChainElements)
        {
            if (!ReferenceEquals(element.Certificate, _iaca))
            {
                element.Certificate.Dispose();
            }
        }

        return built;
    }

    /// <summary>The DER TBSCertificate and the signature value of a certificate.</summary>
    private static (byte[] Tbs, byte[] Signature) SplitCertificate(byte[] der)
    {
        var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadEncodedValue().ToArray();
        certificate.ReadSequence();
        var signature = certificate.ReadBitString(out _);
        return (tbs, signature);
    }
}
