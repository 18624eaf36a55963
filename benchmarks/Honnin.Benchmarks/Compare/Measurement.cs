using System.Diagnostics;

namespace Honnin.Benchmarks.Compare;

/// <summary>Operations per second of timed batches, and allocated bytes per operation.</summary>
internal sealed class Measurement
{
    private readonly List<double> _batches = [];
    private long _allocated;
    private long _operations;

    public IReadOnlyList<double> Batches => _batches;

    public double Median => MedianOf(_batches);

    public double? AllocatedBytesPerOperation => _operations == 0 ? null : (double)_allocated / _operations;

    public static double MedianOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public void AddBatch(double operationsPerSecond) => _batches.Add(operationsPerSecond);

    /// <summary>Warms up for about <paramref name="warmUp"/>, then runs <paramref name="batches"/> batches of about <paramref name="batchTime"/> each.</summary>
    public async Task RunAsync(Func<ValueTask> operation, int batches, TimeSpan warmUp, TimeSpan batchTime)
    {
        var watch = Stopwatch.StartNew();
        var warmUpCount = 0;
        while (watch.Elapsed < warmUp || warmUpCount < 10)
        {
            await operation();
            warmUpCount++;
        }

        var perBatch = Math.Max(1, (int)(batchTime.Ticks / (watch.Elapsed.Ticks / warmUpCount)));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var batch = 0; batch < batches; batch++)
        {
            watch.Restart();
            for (var i = 0; i < perBatch; i++)
            {
                await operation();
            }

            _batches.Add(perBatch / watch.Elapsed.TotalSeconds);
        }

        _allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        _operations += (long)perBatch * batches;
    }
}
