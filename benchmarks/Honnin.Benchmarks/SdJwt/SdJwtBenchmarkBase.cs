using BenchmarkDotNet.Attributes;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>The fixture and crypto floor every SD-JWT VC benchmark class sets up once and disposes at the end.</summary>
public abstract class SdJwtBenchmarkBase
{
    internal SdJwtFixture Fixture { get; private set; } = null!;

    internal SdJwtCryptoFloor Floor { get; private set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Fixture = await SdJwtFixture.CreateAsync();
        Floor = new SdJwtCryptoFloor(Fixture);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Floor.Dispose();
        Fixture.Dispose();
    }
}
