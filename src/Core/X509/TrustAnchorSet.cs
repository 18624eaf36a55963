using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// An immutable set of trust anchors (IACA certificates for issuers, reader roots for readers) that a
/// <see cref="CertificateChainValidator"/> accepts as chain ends. Anchors are parsed once and can be
/// shared by any number of concurrent validations.
/// </summary>
/// <remarks>
/// <para>
/// Ownership: the set holds its own copies of the anchor certificates (public parts only, never a
/// private key) and disposes them in <see cref="Dispose"/>. Certificates passed to
/// <see cref="Create"/> stay owned by the caller, who may dispose them right after the call.
/// Certificates read from <see cref="Certificates"/> or returned as
/// <see cref="CertificateChainValidationResult.TrustAnchor"/> belong to the set: do not dispose them,
/// and do not use them after the set is disposed.
/// </para>
/// <para>
/// Anchors should be self-signed roots, as IACAs and Annex D reader roots are: chains are built by
/// <see cref="X509Chain"/>, which (on Linux, for example) does not end a chain at a certificate that is
/// not self-signed, so an intermediate CA in the set yields <c>untrusted_issuer</c>.
/// </para>
/// <para>
/// The set does not check the anchors' own profile or validity period at construction; use
/// <see cref="MdocCertificateProfile.CheckIaca"/> when loading IACA certificates from configuration.
/// </para>
/// </remarks>
public sealed class TrustAnchorSet : IDisposable
{
    private const string PemCertificateLabel = "CERTIFICATE";

    private readonly X509Certificate2[] anchors;
    private readonly Dictionary<string, X509Certificate2> anchorsByThumbprint;
    private bool disposed;

    private TrustAnchorSet(X509Certificate2[] anchors, Dictionary<string, X509Certificate2> anchorsByThumbprint)
    {
        this.anchors = anchors;
        this.anchorsByThumbprint = anchorsByThumbprint;
    }

    /// <summary>The anchors, in the order first given, without duplicates. Owned by the set.</summary>
    /// <exception cref="ObjectDisposedException">The set has been disposed.</exception>
    public IReadOnlyList<X509Certificate2> Certificates
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return anchors;
        }
    }

    /// <summary>The number of distinct anchors.</summary>
    public int Count => anchors.Length;

    /// <summary>Creates a set from certificates; the set copies them and the caller keeps ownership of its instances.</summary>
    /// <param name="certificates">One or more anchor certificates. Duplicates are kept once; private keys are not copied.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificates"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="certificates"/> is empty.</exception>
    public static TrustAnchorSet Create(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var der = new List<ReadOnlyMemory<byte>>();
        foreach (var certificate in certificates)
        {
            ArgumentNullException.ThrowIfNull(certificate, nameof(certificates));
            der.Add(certificate.RawDataMemory);
        }

        if (der.Count == 0)
        {
            throw new ArgumentException("At least one trust anchor is required.", nameof(certificates));
        }

        return Build(der);
    }

    /// <summary>Creates a set from one DER-encoded certificate.</summary>
    /// <param name="certificate">The DER bytes of one X.509 certificate.</param>
    /// <returns>The set.</returns>
    /// <exception cref="CredentialFormatException">
    /// The bytes are not one DER-encoded X.509 certificate (code <see cref="CertificateProblemCodes.CertificateMalformed"/>).
    /// </exception>
    public static TrustAnchorSet FromDer(ReadOnlySpan<byte> certificate) => Build([certificate.ToArray()]);

    /// <summary>Creates a set from DER-encoded certificates.</summary>
    /// <param name="certificates">The DER bytes of one or more X.509 certificates.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificates"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="certificates"/> is empty.</exception>
    /// <exception cref="CredentialFormatException">
    /// An element is not one DER-encoded X.509 certificate (code <see cref="CertificateProblemCodes.CertificateMalformed"/>).
    /// </exception>
    public static TrustAnchorSet FromDer(IEnumerable<ReadOnlyMemory<byte>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var der = certificates.ToList();
        if (der.Count == 0)
        {
            throw new ArgumentException("At least one trust anchor is required.", nameof(certificates));
        }

        return Build(der);
    }

    /// <summary>
    /// Creates a set from PEM text holding one or more <c>CERTIFICATE</c> blocks; blocks with other
    /// labels (keys, CRLs) and text between blocks are ignored.
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pem"/> is <see langword="null"/>.</exception>
    /// <exception cref="CredentialFormatException">
    /// The text holds no <c>CERTIFICATE</c> block, or a block is not one DER-encoded X.509 certificate
    /// (code <see cref="CertificateProblemCodes.CertificateMalformed"/>).
    /// </exception>
    public static TrustAnchorSet FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var der = new List<ReadOnlyMemory<byte>>();
        var remaining = pem.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            if (remaining[fields.Label].SequenceEqual(PemCertificateLabel))
            {
                var bytes = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(remaining[fields.Base64Data], bytes, out var written) || written != bytes.Length)
                {
                    throw new CredentialFormatException(CertificateProblemCodes.CertificateMalformed, "A PEM CERTIFICATE block holds invalid base64.");
                }

                der.Add(bytes);
            }

            remaining = remaining[fields.Location.End..];
        }

        if (der.Count == 0)
        {
            throw new CredentialFormatException(CertificateProblemCodes.CertificateMalformed, "The PEM text holds no CERTIFICATE block.");
        }

        return Build(der);
    }

    /// <summary>Creates a set from a PEM file; see <see cref="FromPem"/>.</summary>
    /// <param name="path">The path of the PEM file.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="CredentialFormatException">The file's content is not valid; see <see cref="FromPem"/>.</exception>
    public static TrustAnchorSet FromPemFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromPem(File.ReadAllText(path));
    }

    /// <summary>True when the set holds a certificate with the same encoding as <paramref name="certificate"/>.</summary>
    /// <param name="certificate">The certificate to look up.</param>
    /// <returns>Whether the certificate is an anchor of this set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The set has been disposed.</exception>
    public bool Contains(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Find(certificate) is not null;
    }

    /// <summary>Disposes the set's copies of the anchor certificates.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var anchor in anchors)
        {
            anchor.Dispose();
        }
    }

    /// <summary>The set's own instance with the same encoding, or <see langword="null"/>.</summary>
    internal X509Certificate2? Find(X509Certificate2 certificate)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return anchorsByThumbprint.GetValueOrDefault(Thumbprint(certificate));
    }

    /// <summary>Adds the anchors to a chain policy's custom trust store.</summary>
    internal void AddTo(X509Certificate2Collection trustStore)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        trustStore.AddRange(anchors);
    }

    private static TrustAnchorSet Build(List<ReadOnlyMemory<byte>> certificates)
    {
        var anchors = new List<X509Certificate2>(certificates.Count);
        var byThumbprint = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < certificates.Count; i++)
            {
                var certificate = Load(certificates[i].Span, i);
                var thumbprint = Thumbprint(certificate);
                if (byThumbprint.TryAdd(thumbprint, certificate))
                {
                    anchors.Add(certificate);
                }
                else
                {
                    certificate.Dispose();
                }
            }
        }
        catch
        {
            foreach (var anchor in anchors)
            {
                anchor.Dispose();
            }

            throw;
        }

        return new TrustAnchorSet([.. anchors], byThumbprint);
    }

    private static X509Certificate2 Load(ReadOnlySpan<byte> der, int index)
    {
        if (X509Fields.IsSingleDerSequence(der))
        {
            try
            {
                return X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException exception)
            {
                throw new CredentialFormatException(CertificateProblemCodes.CertificateMalformed, $"Trust anchor {index} is not an X.509 certificate.", exception);
            }
        }

        throw new CredentialFormatException(CertificateProblemCodes.CertificateMalformed, $"Trust anchor {index} is not one DER-encoded X.509 certificate.");
    }

    private static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);
}
