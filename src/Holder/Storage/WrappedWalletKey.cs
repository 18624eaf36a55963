namespace Honnin.Holder.Storage;

/// <summary>A wallet's data key as it is stored: wrapped, with what is needed to unwrap it (never a secret).</summary>
/// <param name="Method">How the key is wrapped, e.g. <c>argon2id+A256GCM</c>.</param>
/// <param name="Parameters">The method's public parameters as text (for a passphrase: the Argon2id cost and salt).</param>
/// <param name="Ciphertext">The wrapped key.</param>
public sealed record WrappedWalletKey(string Method, string Parameters, ReadOnlyMemory<byte> Ciphertext)
{
    /// <summary>Names the method only.</summary>
    public override string ToString() => $"WrappedWalletKey({Method})";
}
