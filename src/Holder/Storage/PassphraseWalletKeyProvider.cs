using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Honnin.Holder.Storage;

/// <summary>
/// Wraps a wallet's data key under a key derived from the person's passphrase with Argon2id (RFC 9106, through NSec):
/// AES-256-GCM with the method as associated data. The cost and the random salt are stored with the wallet, so a wallet
/// opens with the parameters it was created with; stored costs beyond <see cref="MaxMemoryKiB"/> and
/// <see cref="MaxPasses"/> are refused rather than run (a file could otherwise ask for any amount of work).
/// </summary>
public sealed class PassphraseWalletKeyProvider : IWalletKeyProvider
{
    /// <summary>The method name stored with the wallet.</summary>
    public const string Method = "argon2id+A256GCM";

    /// <summary>The default memory cost: 64 MiB (RFC 9106 §4, second recommended option).</summary>
    public const int DefaultMemoryKiB = 64 * 1024;

    /// <summary>The default number of passes.</summary>
    public const int DefaultPasses = 3;

    /// <summary>The largest stored memory cost this provider runs: 1 GiB.</summary>
    public const int MaxMemoryKiB = 1024 * 1024;

    /// <summary>The largest stored number of passes this provider runs.</summary>
    public const int MaxPasses = 16;

    private const int SaltSize = 16;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _passphrase;

    /// <summary>Creates the provider.</summary>
    /// <param name="passphrase">The person's passphrase (not empty).</param>
    /// <param name="memoryKiB">The memory cost for a new wallet, in KiB (at least 8 KiB).</param>
    /// <param name="passes">The number of passes for a new wallet (at least 1).</param>
    public PassphraseWalletKeyProvider(string passphrase, int memoryKiB = DefaultMemoryKiB, int passes = DefaultPasses)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(memoryKiB, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(memoryKiB, MaxMemoryKiB);
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passes, MaxPasses);
        _passphrase = Encoding.UTF8.GetBytes(passphrase);
        MemoryKiB = memoryKiB;
        Passes = passes;
    }

    /// <summary>The memory cost a new wallet gets, in KiB.</summary>
    public int MemoryKiB { get; }

    /// <summary>The passes a new wallet gets.</summary>
    public int Passes { get; }

    /// <inheritdoc/>
    public ValueTask<WrappedWalletKey> WrapAsync(ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken = default)
    {
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException("A wallet data key has 32 bytes.", nameof(dataKey));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var parameters = string.Create(CultureInfo.InvariantCulture, $"m={MemoryKiB},t={Passes},p=1,salt={Convert.ToBase64String(salt)}");
        var keyEncryptionKey = Derive(MemoryKiB, Passes, salt);
        try
        {
            var wrapped = new byte[NonceSize + KeySize + TagSize];
            RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
            using var aes = new AesGcm(keyEncryptionKey, TagSize);
            aes.Encrypt(wrapped.AsSpan(0, NonceSize), dataKey.Span, wrapped.AsSpan(NonceSize, KeySize), wrapped.AsSpan(NonceSize + KeySize), Encoding.ASCII.GetBytes(Method));
            return ValueTask.FromResult(new WrappedWalletKey(Method, parameters, wrapped));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyEncryptionKey);
        }
    }

    /// <inheritdoc/>
    public ValueTask<byte[]> UnwrapAsync(WrappedWalletKey wrapped, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        if (wrapped.Method != Method)
        {
            throw new WalletStoreException(WalletStoreException.WrongKey, $"The wallet's key is wrapped by '{wrapped.Method}', not by a passphrase; open it with the provider that created it.");
        }

        var (memory, passes, salt) = ReadParameters(wrapped.Parameters);
        if (wrapped.Ciphertext.Length != NonceSize + KeySize + TagSize)
        {
            throw new WalletStoreException(WalletStoreException.Corrupt, "The wallet's wrapped key has the wrong length.");
        }

        var keyEncryptionKey = Derive(memory, passes, salt);
        try
        {
            var sealedKey = wrapped.Ciphertext.Span;
            var dataKey = new byte[KeySize];
            using var aes = new AesGcm(keyEncryptionKey, TagSize);
            aes.Decrypt(sealedKey[..NonceSize], sealedKey.Slice(NonceSize, KeySize), sealedKey[(NonceSize + KeySize)..], dataKey, Encoding.ASCII.GetBytes(Method));
            return ValueTask.FromResult(dataKey);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new WalletStoreException(WalletStoreException.WrongKey, "The passphrase does not open this wallet.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyEncryptionKey);
        }
    }

    private static (int Memory, int Passes, byte[] Salt) ReadParameters(string text)
    {
        int? memory = null, passes = null, parallelism = null;
        byte[]? salt = null;
        foreach (var part in text.Split(','))
        {
            var (name, value) = part.IndexOf('=') is var i and > 0 ? (part[..i], part[(i + 1)..]) : (part, "");
            switch (name)
            {
                case "m" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var m):
                    memory = m;
                    break;
                case "t" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t):
                    passes = t;
                    break;
                case "p" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p):
                    parallelism = p;
                    break;
                case "salt":
                    var buffer = new byte[SaltSize];
                    salt = Convert.TryFromBase64String(value, buffer, out var written) && written == SaltSize ? buffer : null;
                    break;
            }
        }

        return memory is >= 8 and <= MaxMemoryKiB && passes is >= 1 and <= MaxPasses && parallelism == 1 && salt is not null
            ? (memory.Value, passes.Value, salt)
            : throw new WalletStoreException(WalletStoreException.Corrupt, $"The wallet's Argon2id parameters are missing or beyond what this version runs (at most {MaxMemoryKiB} KiB and {MaxPasses} passes).");
    }

    private byte[] Derive(int memoryKiB, int passes, byte[] salt)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKiB, NumberOfPasses = passes });
        return algorithm.DeriveBytes(_passphrase, salt, KeySize);
    }
}
