using System.Security.Cryptography;
using Honnin.Crypto;

namespace Honnin.Tests;

/// <summary>
/// An RSA <see cref="ISigner"/> for tests (RS256/384/512 with PKCS #1 v1.5, PS256/384/512 with PSS): Honnin verifies
/// RSA JWS but ships no RSA software signer, since its own issuers sign with EC or Ed25519 keys.
/// </summary>
internal sealed class RsaTestSigner : ISigner, IDisposable
{
    private readonly RSA _key;

    public RsaTestSigner(CoseAlgorithm algorithm, int keySize = 2048, string? keyId = null)
        : this(algorithm, RSA.Create(keySize), keyId)
    {
    }

    public RsaTestSigner(CoseAlgorithm algorithm, RSA key, string? keyId = null)
    {
        Algorithm = algorithm;
        _key = key;
        KeyId = keyId;
    }

    public CoseAlgorithm Algorithm { get; }

    public string? KeyId { get; }

    /// <summary>The public key (throws for a key shorter than 2048 bits, which <see cref="CoseKey"/> refuses; such a signer still signs).</summary>
    public CoseKey PublicKey => CoseKey.FromRsa(_key);

    public RSA Key => _key;

    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var (hash, padding) = Algorithm switch
        {
            CoseAlgorithm.RS256 => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            CoseAlgorithm.RS384 => (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            CoseAlgorithm.RS512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
            CoseAlgorithm.PS256 => (HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            CoseAlgorithm.PS384 => (HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
            CoseAlgorithm.PS512 => (HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
            _ => throw new InvalidOperationException("Not an RSA algorithm."),
        };
        return ValueTask.FromResult(_key.SignData(data.Span, hash, padding));
    }

    public void Dispose() => _key.Dispose();
}
