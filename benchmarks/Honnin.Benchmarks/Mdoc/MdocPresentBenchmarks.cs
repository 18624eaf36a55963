using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Honnin.Mdoc;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>The wallet answering with 5 of 20 elements (plan, then response), next to the device authentication it needs.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MdocPresentBenchmarks : MdocBenchmarkBase
{
    [Benchmark(Description = "Honnin plan + RespondAsync")]
    [BenchmarkCategory("mdoc present, device signature")]
    public Task<DeviceResponse> PresentWithSignature() => Fixture.PresentWithSignatureAsync();

    [Benchmark(Baseline = true, Description = "floor: ECDSA P-256 sign")]
    [BenchmarkCategory("mdoc present, device signature")]
    public byte[] PresentWithSignatureFloor() => Floor.SignDeviceAuthentication();

    [Benchmark(Description = "Honnin plan + RespondAsync")]
    [BenchmarkCategory("mdoc present, device MAC")]
    public Task<DeviceResponse> PresentWithMac() => Fixture.PresentWithMacAsync();

    [Benchmark(Baseline = true, Description = "floor: key import + ECDH + HKDF + HMAC")]
    [BenchmarkCategory("mdoc present, device MAC")]
    public bool PresentWithMacFloor() => Floor.MacDeviceAuthentication();
}
