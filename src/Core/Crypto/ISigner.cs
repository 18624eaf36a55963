
namespace Honnin.Crypto;

/// <summary>
/// Something that signs: a software key, an HSM, a cloud KMS or a phone's secure element. Honnin
/// never needs the private key itself, only this.
/// </summary>
public interface ISigner
{
    /// <summary>The signature algorithm.</summary>
    CoseAlgorithm Algorithm { get; }

    /// <summary>The key identifier, if the key has one.</summary>
    string? KeyId { get; }

    /// <summary>The public key, as a COSE_Key.</summary>
    CoseKey PublicKey { get; }

    /// <summary>Signs <paramref name="data"/>. ECDSA signatures are returned as r || s (IEEE P1363), as COSE and JWS require.</summary>
    /// <param name="data">The bytes to sign.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The signature.</returns>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
