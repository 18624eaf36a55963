using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;

namespace Honnin.Holder.Issuance;

/// <summary>
/// Where received credentials go: the wallet's credential store and the store of its device keys (for the SQLite or
/// PostgreSQL wallet, the store itself and its <c>DeviceKeys</c>). The fresh device keys are kept before the credentials
/// are asked for, so a credential never reaches the wallet without its key; a key whose credential never came is harmless.
/// </summary>
/// <param name="Credentials">Where the credentials are stored, a batch whole or not at all.</param>
/// <param name="DeviceKeys">Where the fresh device keys are kept.</param>
public sealed record IssuanceTargets(ICredentialStore Credentials, IDeviceKeyStore DeviceKeys)
{
    /// <summary>Names the targets' types only.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"IssuanceTargets({Credentials.GetType().Name}, {DeviceKeys.GetType().Name})";
}
