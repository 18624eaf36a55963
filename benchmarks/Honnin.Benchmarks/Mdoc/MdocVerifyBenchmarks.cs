using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Honnin.Verifier;

namespace Honnin.Benchmarks.Mdoc;

/// <summary>
/// Verifying the 5-of-20 DeviceResponse from its bytes, next to the signature work it needs: the DS chain to the IACA
/// (X509Chain, or one raw ECDSA verify), issuerAuth, and the device signature or MAC, importing the keys that arrive with
/// the response (<see cref="MdocCryptoFloor"/>). The last category times each primitive alone, with keys loaded.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MdocVerifyBenchmarks : MdocBenchmarkBase
{
    [Benchmark(Description = "Honnin Verify")]
    [BenchmarkCategory("mdoc verify, device signature")]
    public VerificationResult VerifyWithSignature() => Fixture.Verifier.Verify(Fixture.SignedResponse, Fixture.SignatureSession);

    [Benchmark(Baseline = true, Description = "floor: DS load + X509Chain + device key import + 2 × ECDSA verify")]
    [BenchmarkCategory("mdoc verify, device signature")]
    public bool VerifyWithSignatureFloorX509() => Floor.VerifySignatureResponseX509();

    [Benchmark(Description = "floor: 2 × key import + 3 × ECDSA verify")]
    [BenchmarkCategory("mdoc verify, device signature")]
    public bool VerifyWithSignatureFloorRaw() => Floor.VerifySignatureResponseRaw();

    [Benchmark(Description = "Honnin Verify")]
    [BenchmarkCategory("mdoc verify, device MAC")]
    public VerificationResult VerifyWithMac() => Fixture.Verifier.Verify(Fixture.MacResponse, Fixture.MacSession);

    [Benchmark(Baseline = true, Description = "floor: DS load + X509Chain + ECDSA verify + key import + ECDH/HKDF/HMAC")]
    [BenchmarkCategory("mdoc verify, device MAC")]
    public bool VerifyWithMacFloorX509() => Floor.VerifyMacResponseX509();

    [Benchmark(Description = "floor: 2 × key import + 2 × ECDSA verify + ECDH/HKDF/HMAC")]
    [BenchmarkCategory("mdoc verify, device MAC")]
    public bool VerifyWithMacFloorRaw() => Floor.VerifyMacResponseRaw();

    [Benchmark(Description = "X509Chain DS → IACA")]
    [BenchmarkCategory("primitives")]
    public bool ChainX509() => Floor.ValidateChainX509();

    [Benchmark(Baseline = true, Description = "ECDSA verify (DS certificate)")]
    [BenchmarkCategory("primitives")]
    public bool DocumentSignerCertificate() => Floor.VerifyDocumentSignerCertificate();

    [Benchmark(Description = "P-256 public key import (device key)")]
    [BenchmarkCategory("primitives")]
    public bool DeviceKeyImport() => Floor.ImportDeviceKey();

    [Benchmark(Description = "ECDSA verify (issuerAuth)")]
    [BenchmarkCategory("primitives")]
    public bool IssuerAuth() => Floor.VerifyIssuerAuth();

    [Benchmark(Description = "ECDSA verify (deviceSignature)")]
    [BenchmarkCategory("primitives")]
    public bool DeviceSignature() => Floor.VerifyDeviceSignature();

    [Benchmark(Description = "ECDH + HKDF + HMAC (deviceMac)")]
    [BenchmarkCategory("primitives")]
    public bool DeviceMac() => Floor.VerifyDeviceMac();
}
