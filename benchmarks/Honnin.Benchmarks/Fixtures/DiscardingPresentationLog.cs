using Honnin.Holder.Presentation;

namespace Honnin.Benchmarks.Fixtures;

/// <summary>A presentation log that keeps nothing, so that millions of benchmark presentations do not grow the heap.</summary>
internal sealed class DiscardingPresentationLog : IPresentationLog
{
    public Task AppendAsync(PresentationRecord record, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<PresentationRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PresentationRecord>>([]);
}
