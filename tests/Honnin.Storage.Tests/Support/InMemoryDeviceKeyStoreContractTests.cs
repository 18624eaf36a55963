using Honnin.Holder.Keys;

namespace Honnin.Storage.Tests.Support;

/// <summary>The in-memory device key store keeps the same contract; its "reopen" is the same instance.</summary>
public sealed class InMemoryDeviceKeyStoreContractTests : DeviceKeyStoreContract, IDisposable
{
    private readonly InMemoryDeviceKeyStore _keys = new();

    protected override Task<(IDeviceKeyStore Keys, Func<Task<IDeviceKeyStore>> Reopen)> CreateAsync() =>
        Task.FromResult<(IDeviceKeyStore, Func<Task<IDeviceKeyStore>>)>((_keys, () => Task.FromResult<IDeviceKeyStore>(_keys)));

    public void Dispose() => _keys.Dispose();
}
