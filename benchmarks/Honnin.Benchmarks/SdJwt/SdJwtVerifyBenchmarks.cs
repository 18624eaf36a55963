using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Honnin.Verifier;

namespace Honnin.Benchmarks.SdJwt;

/// <summary>
/// Verifying the 5-of-20 SD-JWT+KB from its text, with issuer-key trust and with <c>x5c</c> trust to the IACA — one
/// long-lived verifier per trust kind, each call a new exchange with its own nonce (<see cref="SdJwtFixture.NextExchange"/>) — next to
/// the signature work it needs: the issuer JWS and the KB-JWT, importing the keys that arrive with the presentation
/// (<see cref="SdJwtCryptoFloor"/>). The last category times each primitive alone.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SdJwtVerifyBenchmarks : SdJwtBenchmarkBase
{
    [Benchmark(Description = "Honnin Verify")]
    [BenchmarkCategory("sd-jwt verify, issuer key")]
    public VerificationResult VerifyWithIssuerKey() => Fixture.VerifyNext(Fixture.KeyVerifier);

    [Benchmark(Baseline = true, Description = "floor: holder key import + 2 × ES256 verify")]
    [BenchmarkCategory("sd-jwt verify, issuer key")]
    public bool VerifyWithIssuerKeyFloor() => Floor.VerifyWithIssuerKey();

    [Benchmark(Description = "Honnin Verify")]
    [BenchmarkCategory("sd-jwt verify, x5c")]
    public VerificationResult VerifyWithX5c() => Fixture.VerifyNext(Fixture.X5cVerifier);

    [Benchmark(Baseline = true, Description = "floor: DS load + X509Chain + holder key import + 2 × ES256 verify")]
    [BenchmarkCategory("sd-jwt verify, x5c")]
    public bool VerifyWithX5cFloor() => Floor.VerifyWithX509Chain();

    [Benchmark(Description = "floor: 2 × key import + 3 × ECDSA verify")]
    [BenchmarkCategory("sd-jwt verify, x5c")]
    public bool VerifyWithX5cFloorRaw() => Floor.VerifyRaw();

    [Benchmark(Description = "X509Chain DS → IACA")]
    [BenchmarkCategory("sd-jwt primitives")]
    public bool ChainX509() => Floor.ValidateChainX509();

    [Benchmark(Baseline = true, Description = "ES256 verify (issuer JWS, key loaded)")]
    [BenchmarkCategory("sd-jwt primitives")]
    public bool IssuerJwt() => Floor.VerifyIssuerJwtLoaded();

    [Benchmark(Description = "P-256 public key import (cnf.jwk)")]
    [BenchmarkCategory("sd-jwt primitives")]
    public bool HolderKeyImport() => Floor.ImportHolderKey();
}
