namespace Honnin.Holder.Keys;

/// <summary>
/// Software device keys kept by a persistent wallet, sealed like its credentials: for tools (the <c>honnin</c> CLI) and
/// tests, where no platform keystore exists. An app keeps its device keys in the platform keystore behind
/// <see cref="IDeviceKeyResolver"/> instead, so that the private keys never leave it.
/// </summary>
public interface IDeviceKeyStore : IDeviceKeyResolver
{
    /// <summary>Keeps a private key; adding a key already kept changes nothing.</summary>
    /// <param name="privateJwk">The private key as a JWK (EC P-256/P-384/P-521 or OKP Ed25519).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the key was new.</returns>
    /// <exception cref="CredentialFormatException">The text is not a private JWK this wallet can use.</exception>
    Task<bool> AddAsync(string privateJwk, CancellationToken cancellationToken = default);

    /// <summary>Counts the kept keys.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of keys.</returns>
    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
