using System.Security.Cryptography;
using Honnin.Mdoc;
using Honnin.Tests;
using Honnin.Verifier.Mdoc;
using Honnin.X509;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.Mdoc;

/// <summary>
/// The ISO/IEC 18013-5 Annex D worked example (tests/vectors/mdoc/iso18013-5-annexd.json, taken from
/// openwallet-foundation/multipaz TestVectors.kt and the EUDI iOS test data).
/// </summary>
internal static class AnnexDFixture
{
    /// <summary>Inside the overlap of MSO and DS validity (2020-10-01T13:30:02Z .. 2021-10-01T00:00:00Z).</summary>
    public static readonly DateTimeOffset InsideWindow = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Response => Vectors.AnnexD("DeviceResponse");

    public static SessionTranscript Transcript => SessionTranscript.Decode(Vectors.AnnexD("SessionTranscriptBytes"));

    public static TrustAnchorSet Iaca => TrustAnchorSet.FromDer(Vectors.AnnexD("IACA_certificate"));

    public static ECDiffieHellman ReaderKey() => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = Vectors.AnnexD("EReaderKey_d"),
        Q = new ECPoint { X = Vectors.AnnexD("EReaderKey_x"), Y = Vectors.AnnexD("EReaderKey_y") },
    });

    public static MdocVerifier Verifier(DateTimeOffset at, TrustAnchorSet? anchors = null) =>
        new(new MdocVerifierOptions { TrustAnchors = anchors ?? Iaca }, new FakeTimeProvider(at));
}
