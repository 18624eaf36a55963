using System.Threading.Channels;
using Honnin.Crypto;

namespace Honnin.Holder.Tests.Contracts;

/// <summary>
/// A signer shaped like a remote signing service (an HSM behind a queue, a KMS, a phone's secure element): the caller's
/// bytes are posted as a job, a separate worker signs them later on another thread, and the caller's task completes when
/// the signature comes back. The key never leaves the worker.
/// </summary>
internal sealed class QueuedRemoteSigner : ISigner
{
    private readonly Channel<(byte[] Data, TaskCompletionSource<byte[]> Reply)> _jobs = Channel.CreateUnbounded<(byte[], TaskCompletionSource<byte[]>)>();

    public QueuedRemoteSigner(SoftwareSigner key)
    {
        Algorithm = key.Algorithm;
        PublicKey = key.PublicKey;
        _ = Task.Run(async () =>
        {
            await foreach (var (data, reply) in _jobs.Reader.ReadAllAsync())
            {
                await Task.Yield();
                reply.SetResult(key.Sign(data));
            }
        });
    }

    public CoseAlgorithm Algorithm { get; }

    public string? KeyId => "remote-1";

    public CoseKey PublicKey { get; }

    public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _jobs.Writer.WriteAsync((data.ToArray(), reply), cancellationToken);
        var signature = await reply.Task.WaitAsync(cancellationToken);
        return signature;
    }
}
