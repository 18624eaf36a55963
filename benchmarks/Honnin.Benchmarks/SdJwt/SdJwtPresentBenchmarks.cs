using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>The wallet presenting 5 of 20 claims with a KB-JWT (plan, then response), next to the KB-JWT signature.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SdJwtPresentBenchmarks : SdJwtBenchmarkBase
{
    [Benchmark(Description = "Honnin plan + RespondAsync")]
    [BenchmarkCategory("sd-jwt present + KB-JWT")]
    public Task<string> Present() => Fixture.PresentAsync();

    [Benchmark(Baseline = true, Description = "floor: ES256 sign (KB-JWT)")]
    [BenchmarkCategory("sd-jwt present + KB-JWT")]
    public byte[] PresentFloor() => Floor.SignKeyBindingJwt();
}
