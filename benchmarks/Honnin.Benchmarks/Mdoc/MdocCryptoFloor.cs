using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Mdoc;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>
/// The raw cryptographic operations each mdoc path needs, done with the BCL directly: what no BCL-based mdoc library can
/// avoid. Honnin's overhead is its time over these.
/// </summary>
/// <remarks>
/// Inputs are prepared beforehand (to-be-signed bytes built, configured keys loaded), but keys that arrive with each
/// response are imported per operation, as any verifier must: the Document Signer key from its certificate and the
/// device key from the MSO. Verification needs the Document Signer's chain to the IACA, the issuerAuth signature and the
/// device authentication. The chain is given two ways: <see cref="VerifySignatureResponseX509"/> loads the DS certificate
/// and builds the chain with <see cref="X509Chain"/>, as Honnin does; <see cref="VerifySignatureResponseRaw"/> does one
/// ECDSA verify of the DS certificate's signature with the IACA key and imports the DS key from its SubjectPublicKeyInfo,
/// the least any verifier can do. The issuer and the wallet hold their private keys loaded.
/// </remarks>
internal sealed class MdocCryptoFloor : IDisposable
{
    private readonly byte[] _documentSignerDer;
    private readonly X509Certificate2 _iaca;
    private readonly ECDsa _iacaPublic;
    private readonly byte[] _documentSignerTbs;
    private readonly byte[] _documentSignerSignature;
    private readonly ECDsa _documentSignerPublic;
    private readonly byte[] _documentSignerSpki;
    private readonly ECParameters _deviceParameters;
    private readonly ECParameters _readerParameters;
    private readonly ECDsa _documentSignerPrivate;
    private readonly byte[] _issuerAuthTbs;
    private readonly byte[] _issuerAuthSignature;
    private readonly ECDsa _devicePublic;
    private readonly ECDsa _devicePrivate;
    private readonly ECDiffieHellman _deviceAgreement;
    private readonly ECDiffieHellman _devicePublicAgreement;
    private readonly ECDiffieHellman _readerKey;
    private readonly byte[] _deviceSignatureTbs;
    private readonly byte[] _deviceSignature;
    private readonly byte[] _sessionTranscriptBytes;
    private readonly byte[] _deviceMacTbs;
    private readonly byte[] _deviceMacTag;

    public MdocCryptoFloor(MdocFixture fixture)
    {
        _documentSignerDer = fixture.Pki.DocumentSigner.RawData;
        _iaca = X509CertificateLoader.LoadCertificate(fixture.Pki.Iaca.RawData);
        _iacaPublic = _iaca.GetECDsaPublicKey()!;
        (_documentSignerTbs, _documentSignerSignature) = SplitCertificate(_documentSignerDer);
        _documentSignerPublic = fixture.Pki.DocumentSigner.GetECDsaPublicKey()!;
        _documentSignerSpki = _documentSignerPublic.ExportSubjectPublicKeyInfo();
        _documentSignerPrivate = ECDsa.Create(fixture.Pki.DocumentSignerKey.ExportParameters(includePrivateParameters: true));

        var signed = DeviceResponse.Decode(fixture.SignedResponse).Documents[0];
        var issuerAuth = signed.IssuerSigned.IssuerAuth;
        _issuerAuthTbs = issuerAuth.BuildToBeSigned();
        _issuerAuthSignature = issuerAuth.Signature.ToArray();

        var deviceKey = signed.IssuerSigned.MobileSecurityObject.DeviceKey;
        _devicePublic = deviceKey.ToECDsa();
        _deviceParameters = deviceKey.ToECParameters();
        _readerParameters = fixture.ReaderPublicKey.ToECParameters();
        _devicePrivate = fixture.DeviceKey.ExportECDsa();
        _deviceAgreement = ECDiffieHellman.Create(_devicePrivate.ExportParameters(includePrivateParameters: true));
        _devicePublicAgreement = deviceKey.ToECDiffieHellman();
        _readerKey = ECDiffieHellman.Create(fixture.ReaderKey.ExportParameters(includePrivateParameters: true));

        var signatureAuthentication = DeviceAuthentication.BuildBytes(fixture.Transcript.EncodedBytes.Span, signed.DocType, signed.DeviceSigned.NameSpacesBytes);
        _deviceSignatureTbs = signed.DeviceSigned.DeviceSignature!.BuildToBeSigned(signatureAuthentication);
        _deviceSignature = signed.DeviceSigned.DeviceSignature.Signature.ToArray();

        var maced = DeviceResponse.Decode(fixture.MacResponse).Documents[0];
        var macAuthentication = DeviceAuthentication.BuildBytes(fixture.ProximityTranscript.EncodedBytes.Span, maced.DocType, maced.DeviceSigned.NameSpacesBytes);
        _sessionTranscriptBytes = fixture.ProximityTranscript.SessionTranscriptBytes.ToArray();
        _deviceMacTbs = maced.DeviceSigned.DeviceMac!.BuildToBeMaced(macAuthentication);
        _deviceMacTag = maced.DeviceSigned.DeviceMac.MacTag.ToArray();

        if (!VerifySignatureResponseX509() || !VerifySignatureResponseRaw() || !VerifyMacResponseX509() || !VerifyMacResponseRaw() || !ValidateChainX509() || !VerifyIssuerAuth() || !VerifyDeviceSignature() || !VerifyDeviceMac() || !MacDeviceAuthentication())
        {
            throw new InvalidOperationException("The crypto floor does not verify the fixture.");
        }
    }

    /// <summary>X509Chain from the DS bytes to the IACA, custom root trust, no revocation: the chain work as the BCL does it.</summary>
    public bool ValidateChainX509()
    {
        using var leaf = X509CertificateLoader.LoadCertificate(_documentSignerDer);
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

    /// <summary>One ECDSA P-256 verify of the DS certificate's signature with the IACA key.</summary>
    public bool VerifyDocumentSignerCertificate() =>
        _iacaPublic.VerifyData(_documentSignerTbs, _documentSignerSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>With the key loaded: ECDSA P-256 verify of issuerAuth over its Sig_structure.</summary>
    public bool VerifyIssuerAuth() =>
        _documentSignerPublic.VerifyData(_issuerAuthTbs, _issuerAuthSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>With the key loaded: ECDSA P-256 verify of deviceSignature over its Sig_structure.</summary>
    public bool VerifyDeviceSignature() =>
        _devicePublic.VerifyData(_deviceSignatureTbs, _deviceSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>With keys loaded: ECDH(EReaderKey, SDeviceKey), HKDF-SHA256 with salt SHA-256(SessionTranscriptBytes), HMAC-SHA256 over MAC_structure.</summary>
    public bool VerifyDeviceMac()
    {
        using var devicePublic = _devicePublicAgreement.PublicKey;
        return CheckMac(_readerKey, devicePublic);
    }

    /// <summary>The verifier's floor: DS certificate loaded and chained by X509Chain, its key verifies issuerAuth, the device key imported verifies deviceSignature.</summary>
    public bool VerifySignatureResponseX509() => ChainAndVerifyIssuerAuth() & ImportAndVerifyDeviceSignature();

    /// <summary>The verifier's floor with the chain as one ECDSA verify and the DS key imported from its SubjectPublicKeyInfo.</summary>
    public bool VerifySignatureResponseRaw() => VerifyDocumentSignerCertificate() & ImportAndVerifyIssuerAuth() & ImportAndVerifyDeviceSignature();

    public bool VerifyMacResponseX509() => ChainAndVerifyIssuerAuth() & ImportAndVerifyDeviceMac();

    public bool VerifyMacResponseRaw() => VerifyDocumentSignerCertificate() & ImportAndVerifyIssuerAuth() & ImportAndVerifyDeviceMac();

    /// <summary>Imports a P-256 public key from its coordinates, as the device key arrives in every MSO.</summary>
    public bool ImportDeviceKey()
    {
        using var key = ECDsa.Create(_deviceParameters);
        return key.KeySize == 256;
    }

    /// <summary>The issuer's floor: one ECDSA P-256 signature over the MSO's Sig_structure.</summary>
    public byte[] SignIssuerAuth() =>
        _documentSignerPrivate.SignData(_issuerAuthTbs, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// What Honnin's issuer does by design: sign, then verify the signature with the Document Signer's public key (kept
    /// loaded), because <c>Complete</c> accepts signatures from signers elsewhere (HSM, KMS) and checks each.
    /// </summary>
    public bool SignAndCheckIssuerAuth() =>
        _documentSignerPublic.VerifyData(_issuerAuthTbs, SignIssuerAuth(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Sign and check, once per credential of a batch.</summary>
    public int SignAndCheckIssuerAuthBatch()
    {
        var valid = 0;
        for (var i = 0; i < MdocFixture.BatchSize; i++)
        {
            valid += SignAndCheckIssuerAuth() ? 1 : 0;
        }

        return valid;
    }

    /// <summary>The issuer's floor for a batch: one signature per credential.</summary>
    public int SignIssuerAuthBatch()
    {
        var length = 0;
        for (var i = 0; i < MdocFixture.BatchSize; i++)
        {
            length += SignIssuerAuth().Length;
        }

        return length;
    }

    /// <summary>The wallet's floor with a device signature: one ECDSA P-256 signature over DeviceAuthentication.</summary>
    public byte[] SignDeviceAuthentication() =>
        _devicePrivate.SignData(_deviceSignatureTbs, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The wallet's floor with a device MAC: the reader's ephemeral key imported, ECDH(SDeviceKey, EReaderKey), HKDF, HMAC.</summary>
    public bool MacDeviceAuthentication()
    {
        using var reader = ECDiffieHellman.Create(_readerParameters);
        using var readerPublic = reader.PublicKey;
        return CheckMac(_deviceAgreement, readerPublic);
    }

    public void Dispose()
    {
        _iaca.Dispose();
        _iacaPublic.Dispose();
        _documentSignerPublic.Dispose();
        _documentSignerPrivate.Dispose();
        _devicePublic.Dispose();
        _devicePrivate.Dispose();
        _deviceAgreement.Dispose();
        _devicePublicAgreement.Dispose();
        _readerKey.Dispose();
    }

    private bool ChainAndVerifyIssuerAuth()
    {
        using var leaf = X509CertificateLoader.LoadCertificate(_documentSignerDer);
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

        using var key = leaf.GetECDsaPublicKey()!;
        return built & key.VerifyData(_issuerAuthTbs, _issuerAuthSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private bool ImportAndVerifyIssuerAuth()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_documentSignerSpki, out _);
        return key.VerifyData(_issuerAuthTbs, _issuerAuthSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private bool ImportAndVerifyDeviceSignature()
    {
        using var key = ECDsa.Create(_deviceParameters);
        return key.VerifyData(_deviceSignatureTbs, _deviceSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private bool ImportAndVerifyDeviceMac()
    {
        using var device = ECDiffieHellman.Create(_deviceParameters);
        using var devicePublic = device.PublicKey;
        return CheckMac(_readerKey, devicePublic);
    }

    private bool CheckMac(ECDiffieHellman own, ECDiffieHellmanPublicKey peer)
    {
        Span<byte> salt = stackalloc byte[32];
        Span<byte> macKey = stackalloc byte[32];
        Span<byte> tag = stackalloc byte[32];
        var sharedSecret = own.DeriveRawSecretAgreement(peer);
        SHA256.HashData(_sessionTranscriptBytes, salt);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, macKey, salt, "EMacKey"u8);
        HMACSHA256.HashData(macKey, _deviceMacTbs, tag);
        CryptographicOperations.ZeroMemory(sharedSecret);
        CryptographicOperations.ZeroMemory(macKey);
        return CryptographicOperations.FixedTimeEquals(tag, _deviceMacTag);
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
