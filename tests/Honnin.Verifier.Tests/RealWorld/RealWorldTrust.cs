using Honnin.Jose;
using Honnin.Verifier.Mdoc;
using Honnin.X509;

namespace Honnin.Verifier.Tests.RealWorld;

/// <summary>
/// The one place where a corpus row's trust becomes verifier options: IACA or CA anchors (both formats), a pinned
/// Document Signer or issuer certificate (both formats), issuer JWKs (SD-JWT). A VICAL row is verified against its
/// signer's anchor (<see cref="RealWorldVerification"/>). A trust kind the verifiers do not offer is reported as
/// unsupported here, and its row then needs a <c>known_gap</c> in the manifest.
/// </summary>
internal static class RealWorldTrust
{
    /// <summary>
    /// An anchor the corpus has that belongs to none of the issuers without a published anchor: a verifier always has
    /// some anchors, and a Document Signer that chains to none of them is untrusted.
    /// </summary>
    private const string UnrelatedAnchor = "anchors/aamva-ca-root.pem";

    public static string? Unsupported(CorpusRow row) => row.Trust.Kind switch
    {
        "iaca" or "none" => null,
        "ds_certificate" => null,
        "jwk" when row.Format == "sd-jwt" => null,
        _ => $"trust kind '{row.Trust.Kind}' is not supported for format '{row.Format}'",
    };

    /// <summary>The IACA anchors for an mdoc row (an unrelated anchor when the issuer published none).</summary>
    public static TrustAnchorSet MdocAnchors(CorpusRow row) => row.Trust.Kind switch
    {
        "iaca" => TrustAnchorSet.FromPem(RealWorldCorpus.ReadText(row.Trust.File!)),
        "none" => TrustAnchorSet.FromPem(RealWorldCorpus.ReadText(UnrelatedAnchor)),
        _ => throw new NotSupportedException(Unsupported(row)),
    };

    /// <summary>The mdoc verifier options of a row: IACA anchors (the caller disposes them), or a pinned Document Signer.</summary>
    public static MdocVerifierOptions MdocOptions(CorpusRow row) => row.Trust.Kind == "ds_certificate"
        ? new MdocVerifierOptions { PinnedDocumentSigners = [PemDer(RealWorldCorpus.ReadText(row.Trust.File!))] }
        : new MdocVerifierOptions { TrustAnchors = MdocAnchors(row) };

    private static byte[] PemDer(string pem)
    {
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return certificate.RawData;
    }

    /// <summary>The pinned issuer certificate of an SD-JWT row, when its trust is a certificate trusted directly.</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> SdJwtPins(CorpusRow row) =>
        row.Trust.Kind == "ds_certificate" ? [PemDer(RealWorldCorpus.ReadText(row.Trust.File!))] : [];

    /// <summary>The SD-JWT trust source of a row: IACA anchors for <c>x5c</c> (an unrelated anchor when the issuer published none), or issuer keys.</summary>
    public static (IReadOnlyList<JsonWebKey> Keys, TrustAnchorSet? Anchors) SdJwt(CorpusRow row) => row.Trust.Kind switch
    {
        "iaca" => ([], TrustAnchorSet.FromPem(RealWorldCorpus.ReadText(row.Trust.File!))),
        "jwk" => ([JsonWebKey.Parse(RealWorldCorpus.ReadText(row.Trust.File!))], null),
        "none" => ([], TrustAnchorSet.FromPem(RealWorldCorpus.ReadText(UnrelatedAnchor))),
        "ds_certificate" => ([], null),
        _ => throw new NotSupportedException(Unsupported(row)),
    };
}
