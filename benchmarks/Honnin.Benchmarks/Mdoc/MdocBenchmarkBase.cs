using BenchmarkDotNet.Attributes;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>The fixture and crypto floor every mdoc benchmark class sets up once and disposes at the end.</summary>
public abstract class MdocBenchmarkBase
{
    internal MdocFixture Fixture { get; private set; } = null!;

    internal MdocCryptoFloor Floor { get; private set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Fixture = await MdocFixture.CreateAsync();
        Floor = new MdocCryptoFloor(Fixture);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Floor.Dispose();
        Fixture.Dispose();
    }
}
