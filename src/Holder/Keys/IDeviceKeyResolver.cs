using Honnin.Crypto;

namespace Honnin.Holder.Keys;

/// <summary>Finds the wallet's private device key for a public key: a secure element, a keystore, or software keys.</summary>
public interface IDeviceKeyResolver
{
    /// <summary>Finds the signer for a device public key.</summary>
    /// <param name="publicKey">The public key a credential is bound to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The signer (which may also implement <see cref="IKeyAgreement"/>), or null when the wallet does not hold the key.</returns>
    ValueTask<ISigner?> FindAsync(CoseKey publicKey, CancellationToken cancellationToken = default);
}
