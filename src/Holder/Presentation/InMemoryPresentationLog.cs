namespace Honnin.Holder.Presentation;

/// <summary>A presentation log in process memory. Thread-safe.</summary>
public sealed class InMemoryPresentationLog : IPresentationLog
{
    private readonly List<PresentationRecord> _records = [];
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public Task AppendAsync(PresentationRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Append(record);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PresentationRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PresentationRecord>>([.. _records]);
        }
    }

    internal void Append(PresentationRecord record)
    {
        lock (_lock)
        {
            _records.Add(record);
        }
    }
}
