using Honnin.Holder.Storage;

namespace Honnin.Storage.Tests.Support;

/// <summary>Passphrase providers with the lowest Argon2id cost, so that the suites open hundreds of wallets quickly.</summary>
public static class TestKeys
{
    public const string Passphrase = "correct horse battery staple";

    public static PassphraseWalletKeyProvider Cheap(string passphrase = Passphrase) => new(passphrase, memoryKiB: 8, passes: 1);
}
