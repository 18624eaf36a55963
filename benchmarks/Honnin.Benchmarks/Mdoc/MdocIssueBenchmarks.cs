using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Honnin.Issuer.Mdoc;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>Issuing the 20-element credential, singly and as a batch of 50, next to the signatures that needs.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MdocIssueBenchmarks : MdocBenchmarkBase
{
    [Benchmark(Description = "Honnin IssueAsync")]
    [BenchmarkCategory("mdoc issue")]
    public Task<IssuedMdoc> Issue() => Fixture.Issuer.IssueAsync(Fixture.Request);

    [Benchmark(Baseline = true, Description = "floor: ECDSA P-256 sign")]
    [BenchmarkCategory("mdoc issue")]
    public byte[] IssueFloor() => Floor.SignIssuerAuth();

    [Benchmark(Description = "floor: ECDSA sign + verify (self-check)")]
    [BenchmarkCategory("mdoc issue")]
    public bool IssueFloorWithSelfCheck() => Floor.SignAndCheckIssuerAuth();

    [Benchmark(Description = "Honnin IssueBatchAsync (50)")]
    [BenchmarkCategory("mdoc issue batch 50")]
    public Task<IReadOnlyList<IssuedMdoc>> IssueBatch() => Fixture.Issuer.IssueBatchAsync(Fixture.Request, Fixture.BatchKeys);

    [Benchmark(Baseline = true, Description = "floor: 50 × ECDSA P-256 sign")]
    [BenchmarkCategory("mdoc issue batch 50")]
    public int IssueBatchFloor() => Floor.SignIssuerAuthBatch();

    [Benchmark(Description = "floor: 50 × (ECDSA sign + verify)")]
    [BenchmarkCategory("mdoc issue batch 50")]
    public int IssueBatchFloorWithSelfCheck() => Floor.SignAndCheckIssuerAuthBatch();
}
