using System.Security.Cryptography;
using NSec.Cryptography;

namespace Honnin.Crypto;

/// <summary>
/// An <see cref="ISigner"/> over a key held in process memory: an ECDSA key (P-256/384/521) or an
/// Ed25519 key. The signer owns the key it was created with and disposes it.
/// </summary>
public sealed class SoftwareSigner : ISigner, IKeyAgreement, IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly Key? _ed25519;

    private SoftwareSigner(ECDsa ecdsa, CoseAlgorithm algorithm, string? keyId)
    {
        _ecdsa = ecdsa;
        Algorithm = algorithm;
        KeyId = keyId;
        PublicKey = CoseKey.FromECDsa(ecdsa);
    }

    private SoftwareSigner(Key ed25519, string? keyId)
    {
        _ed25519 = ed25519;
        Algorithm = CoseAlgorithm.EdDSA;
        KeyId = keyId;
        PublicKey = CoseKey.FromEd25519(ed25519.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <inheritdoc/>
    public CoseAlgorithm Algorithm { get; }

    /// <inheritdoc/>
    public string? KeyId { get; }

    /// <inheritdoc/>
    public CoseKey PublicKey { get; }

    /// <summary>Wraps an ECDSA key; the algorithm follows from its curve. The signer takes ownership of the key.</summary>
    /// <param name="key">A private ECDSA key on P-256, P-384 or P-521.</param>
    /// <param name="keyId">An optional key identifier.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="ArgumentException">The curve is not supported.</exception>
    public static SoftwareSigner FromECDsa(ECDsa key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var curve = CoseKey.CurveOf(key.ExportParameters(includePrivateParameters: false).Curve)
            ?? throw new ArgumentException("Only P-256, P-384 and P-521 keys are supported.", nameof(key));
        var algorithm = curve switch
        {
            CoseKeyCurve.P256 => CoseAlgorithm.ES256,
            CoseKeyCurve.P384 => CoseAlgorithm.ES384,
            _ => CoseAlgorithm.ES512,
        };
        return new SoftwareSigner(key, algorithm, keyId);
    }

    /// <summary>Creates a signer over a fresh key.</summary>
    /// <param name="algorithm">ES256, ES384, ES512 or EdDSA.</param>
    /// <param name="keyId">An optional key identifier.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="ArgumentException">The algorithm is not a signature algorithm.</exception>
    public static SoftwareSigner Generate(CoseAlgorithm algorithm, string? keyId = null) => algorithm switch
    {
        CoseAlgorithm.ES256 => FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP256), keyId),
        CoseAlgorithm.ES384 => FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP384), keyId),
        CoseAlgorithm.ES512 => FromECDsa(ECDsa.Create(ECCurve.NamedCurves.nistP521), keyId),
        CoseAlgorithm.EdDSA => new SoftwareSigner(
            Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }), keyId),
        _ => throw new ArgumentException("Not a signature algorithm.", nameof(algorithm)),
    };

    /// <summary>Wraps a 32-byte Ed25519 private key seed.</summary>
    /// <param name="seed">The private key seed; the caller may wipe it afterwards.</param>
    /// <param name="keyId">An optional key identifier.</param>
    /// <returns>The signer.</returns>
    public static SoftwareSigner FromEd25519Seed(ReadOnlySpan<byte> seed, string? keyId = null) =>
        new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }), keyId);

    /// <inheritdoc/>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Sign(data.Span));
    }

    /// <summary>Signs synchronously (software keys need no I/O).</summary>
    /// <param name="data">The bytes to sign.</param>
    /// <returns>The signature (r || s for ECDSA).</returns>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_ecdsa is null && _ed25519 is null, this);
        if (_ed25519 is not null)
        {
            return SignatureAlgorithm.Ed25519.Sign(_ed25519, data);
        }

        return _ecdsa!.SignData(data, SignatureVerifier.HashOf(Algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The signer holds an Ed25519 key, which cannot do ECDH.</exception>
    /// <exception cref="ArgumentException">The peer key is not on the signer's curve.</exception>
    public ValueTask<byte[]> DeriveSharedSecretAsync(CoseKey peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        cancellationToken.ThrowIfCancellationRequested();
        if (_ecdsa is null)
        {
            throw new InvalidOperationException("An Ed25519 signer cannot do ECDH key agreement.");
        }

        if (peer.Curve != PublicKey.Curve)
        {
            throw new ArgumentException("The peer key is not on the signer's curve.", nameof(peer));
        }

        var parameters = _ecdsa.ExportParameters(includePrivateParameters: true);
        try
        {
            using var own = ECDiffieHellman.Create(parameters);
            using var other = peer.ToECDiffieHellman();
            return ValueTask.FromResult(own.DeriveRawSecretAgreement(other.PublicKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>Exports the ECDSA key, for tools that write key files. Throws for Ed25519 signers.</summary>
    /// <exception cref="InvalidOperationException">The signer holds an Ed25519 key.</exception>
    public ECDsa ExportECDsa()
    {
        if (_ecdsa is null)
        {
            throw new InvalidOperationException("The signer holds an Ed25519 key.");
        }

        var copy = ECDsa.Create();
        copy.ImportParameters(_ecdsa.ExportParameters(includePrivateParameters: true));
        return copy;
    }

    /// <summary>Names the algorithm, never the key.</summary>
    public override string ToString() => "SoftwareSigner(" + Algorithm + ")";

    /// <inheritdoc/>
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _ed25519?.Dispose();
    }
}
