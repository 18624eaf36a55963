using System.Security.Cryptography.X509Certificates;
using Honnin.Mdoc;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.Mdoc;

/// <summary>
/// What the checks of one document share: the inputs, and what earlier checks established. A document is either one of
/// a DeviceResponse (<see cref="Document"/> and <see cref="Session"/> set) or an IssuerSigned credential checked alone,
/// without device authentication.
/// </summary>
internal sealed class MdocDocumentContext(IssuerSigned issuerSigned, string docType, MdocDocument? document, int index, MdocSession? session, MdocVerifierOptions options, CertificateChainValidator? chainValidator, PinnedSigners pinned, ValidatedChainCache chainCache, DateTimeOffset now, List<VerificationFailure> failures) : IDisposable
{
    /// <summary>The issuer-signed part: the disclosed items and <c>issuerAuth</c>.</summary>
    public IssuerSigned IssuerSigned { get; } = issuerSigned;

    /// <summary>The docType the document claims (the MSO's own for an IssuerSigned checked alone).</summary>
    public string DocType { get; } = docType;

    /// <summary>The chain validator over the IACA anchors; null when only pinned certificates are trusted.</summary>
    public CertificateChainValidator? ChainValidator { get; } = chainValidator;

    /// <summary>The Document Signer certificates trusted directly.</summary>
    public PinnedSigners Pinned { get; } = pinned;

    /// <summary>The verifier's validated chains.</summary>
    public ValidatedChainCache ChainCache { get; } = chainCache;

    /// <summary>The document of the DeviceResponse; null for an IssuerSigned checked alone.</summary>
    public MdocDocument? Document { get; } = document;

    public int Index { get; } = index;

    /// <summary>The session; null for an IssuerSigned checked alone.</summary>
    public MdocSession? Session { get; } = session;

    public MdocVerifierOptions Options { get; } = options;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The certificates of <c>x5chain</c>, leaf first, once the issuer signature check has read them.</summary>
    public IReadOnlyList<X509Certificate2> IssuerChain { get; set; } = [];

    /// <summary>The digest of <c>x5chain</c>, once the issuer signature check has read it.</summary>
    public ChainDigest IssuerChainDigest { get; set; }

    /// <summary>The verifier's earlier validation of this <c>x5chain</c>, when it has one; then no certificate is loaded.</summary>
    public ValidatedChain? CachedChain { get; set; }

    /// <summary>Whether <c>issuerAuth</c> verified with a key loaded from <see cref="IssuerChain"/>.</summary>
    public bool IssuerSignatureVerified { get; set; }

    /// <summary>The Document Signer certificate (<c>x5chain[0]</c>).</summary>
    public X509Certificate2? DocumentSigner => IssuerChain.Count > 0 ? IssuerChain[0] : null;

    /// <summary>The pseudonyms of the verifier's own domains, once the pseudonym check found them.</summary>
    public Dictionary<string, string> SubjectKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the credential's status is published, when its MSO says (set by the status check).</summary>
    public StatusLists.StatusListReference? StatusReference { get; set; }

    /// <summary>The Document Signer subject, kept after the certificates are disposed.</summary>
    public string? IssuerSubject { get; set; }

    public MobileSecurityObject Mso => IssuerSigned.MobileSecurityObject;

    public CheckStatus Fail(string code, string message)
    {
        failures.Add(new VerificationFailure(code, message, Index));
        return CheckStatus.Failed;
    }

    /// <summary>Releases the issuer certificates the checks loaded.</summary>
    public void Dispose()
    {
        foreach (var certificate in IssuerChain)
        {
            certificate.Dispose();
        }
    }
}
