namespace Honnin.Holder.Storage;

/// <summary>
/// Guards the data key a persistent wallet encrypts its records with: it wraps a new wallet's key and unwraps it when
/// the wallet is opened. <see cref="PassphraseWalletKeyProvider"/> derives its key from a passphrase (the CLI); an app
/// implements this over the platform keystore (Android Keystore, the iOS Keychain, a TPM), so that the data key is
/// only ever unwrapped inside it.
/// </summary>
public interface IWalletKeyProvider
{
    /// <summary>Wraps a new wallet's data key; the wallet stores what this returns, never the data key itself.</summary>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The wrapped key with the method and parameters needed to unwrap it.</returns>
    ValueTask<WrappedWalletKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken = default);

    /// <summary>Unwraps a wallet's data key.</summary>
    /// <param name="wrapped">What <see cref="WrapAsync"/> returned when the wallet was created.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The 32-byte data key.</returns>
    /// <exception cref="WalletStoreException">The key cannot be unwrapped by this provider (a wrong passphrase, another keystore key, an unknown method).</exception>
    ValueTask<byte[]> UnwrapAsync(WrappedWalletKey wrapped, CancellationToken cancellationToken = default);
}
