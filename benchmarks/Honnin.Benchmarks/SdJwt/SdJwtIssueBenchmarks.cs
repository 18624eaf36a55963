using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Honnin.Issuer.SdJwt;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>Issuing the 20-claim SD-JWT VC, singly and as a batch of 50, next to the signatures (and digests) that needs.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SdJwtIssueBenchmarks : SdJwtBenchmarkBase
{
    [Benchmark(Description = "Honnin IssueAsync")]
    [BenchmarkCategory("sd-jwt issue")]
    public Task<IssuedSdJwtVc> Issue() => Fixture.Issuer.IssueAsync(Fixture.Request);

    [Benchmark(Baseline = true, Description = "floor: ES256 sign")]
    [BenchmarkCategory("sd-jwt issue")]
    public byte[] IssueFloor() => Floor.SignIssuerJwt();

    [Benchmark(Description = "floor: ES256 sign + 23 × (salt + SHA-256)")]
    [BenchmarkCategory("sd-jwt issue")]
    public int IssueFloorWithDigests() => Floor.SignIssuerJwtWithDigests();

    [Benchmark(Description = "Honnin IssueBatchAsync (50)")]
    [BenchmarkCategory("sd-jwt issue batch 50")]
    public Task<IReadOnlyList<IssuedSdJwtVc>> IssueBatch() => Fixture.Issuer.IssueBatchAsync(Fixture.Request, Fixture.BatchKeys);

    [Benchmark(Baseline = true, Description = "floor: 50 × ES256 sign")]
    [BenchmarkCategory("sd-jwt issue batch 50")]
    public int IssueBatchFloor() => Floor.SignIssuerJwtBatch();
}
