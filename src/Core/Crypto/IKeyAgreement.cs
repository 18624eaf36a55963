
namespace Honnin.Crypto;

/// <summary>A private key that can agree on a shared secret (ECDH) without revealing itself, e.g. an mdoc device key for <c>deviceMac</c>.</summary>
public interface IKeyAgreement
{
    /// <summary>The public key.</summary>
    CoseKey PublicKey { get; }

    /// <summary>Computes the raw ECDH shared secret (the x coordinate) with a peer's public key. The caller wipes it.</summary>
    /// <param name="peer">The peer's public key, on the same curve.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The shared secret.</returns>
    ValueTask<byte[]> DeriveSharedSecretAsync(CoseKey peer, CancellationToken cancellationToken = default);
}
