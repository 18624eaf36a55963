namespace Honnin.Holder.Storage;

/// <summary>
/// A persistent wallet cannot be opened or read: a wrong passphrase, a record that does not decrypt, a database made by a
/// newer version. Messages never carry key material or record content.
/// </summary>
public sealed class WalletStoreException : Exception
{
    /// <summary>The data key cannot be unwrapped: a wrong passphrase or another keystore key.</summary>
    public const string WrongKey = "wallet_wrong_key";

    /// <summary>A stored record does not decrypt or does not read under its id: the file was altered or damaged.</summary>
    public const string Corrupt = "wallet_corrupt";

    /// <summary>The database was written by a newer version of the store, or is not a wallet.</summary>
    public const string UnsupportedSchema = "wallet_unsupported_schema";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes of this class.</param>
    /// <param name="message">What happened and what to do, without secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WalletStoreException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>The stable code.</summary>
    public string Code { get; }
}
