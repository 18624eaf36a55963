using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Honnin.X509;

/// <summary>
/// Validates an mdoc x5chain (<c>x5chain[0]</c> is the leaf, any further entries are intermediates)
/// against a <see cref="TrustAnchorSet"/> and only that set — never the system trust store — then
/// checks every certificate's validity period and the leaf's ISO/IEC 18013-5 profile.
/// </summary>
/// <remarks>
/// <para>
/// Untrusted input never throws: malformed, forged, expired or untrusted chains come back as a
/// <see cref="CertificateChainValidationResult"/> with <see cref="CertificateProblemCodes"/> failures.
/// Revocation is not checked here, and no certificate is downloaded.
/// </para>
/// <para>
/// Signatures and CA constraints are checked by <see cref="X509Chain"/> in
/// <see cref="X509ChainTrustMode.CustomRootTrust"/> mode; validity periods are checked here, with the
/// configured clock skew, so that expiry and not-yet-valid get distinct codes. The leaf profile
/// (<see cref="MdocCertificateProfile"/>) is checked once the chain reaches an anchor, because the
/// document signer's country is compared with that anchor's.
/// </para>
/// <para>The validator is immutable and thread-safe; it does not own the trust anchor set.</para>
/// </remarks>
public sealed class CertificateChainValidator
{
    // Time is checked by Validate itself; revocation is off; NotTimeNested is obsolete in RFC 5280.
    private const X509ChainStatusFlags IgnoredStatus =
        X509ChainStatusFlags.NotTimeValid |
        X509ChainStatusFlags.NotTimeNested |
        X509ChainStatusFlags.RevocationStatusUnknown |
        X509ChainStatusFlags.OfflineRevocation;

    private const X509ChainStatusFlags UntrustedStatus =
        X509ChainStatusFlags.UntrustedRoot |
        X509ChainStatusFlags.PartialChain;

    /// <summary>Creates a validator.</summary>
    /// <param name="trustAnchors">The only certificates accepted as chain ends. The caller keeps ownership.</param>
    /// <param name="leafRole">The role whose profile the leaf must fit.</param>
    /// <param name="options">Limits and clock skew; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trustAnchors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafRole"/> is not a defined role.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public CertificateChainValidator(TrustAnchorSet trustAnchors, MdocCertificateRole leafRole, CertificateChainValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        if (!Enum.IsDefined(leafRole))
        {
            throw new ArgumentOutOfRangeException(nameof(leafRole), leafRole, "Unknown certificate role.");
        }

        options ??= new CertificateChainValidationOptions();
        options.Validate();
        TrustAnchors = trustAnchors;
        LeafRole = leafRole;
        ClockSkew = options.ClockSkew;
        MaxChainLength = options.MaxChainLength;
        MaxCertificateSize = options.MaxCertificateSize;
    }

    /// <summary>The trust anchors chains must end at.</summary>
    public TrustAnchorSet TrustAnchors { get; }

    /// <summary>The role whose profile the leaf must fit.</summary>
    public MdocCertificateRole LeafRole { get; }

    /// <summary>The tolerated clock skew.</summary>
    public TimeSpan ClockSkew { get; }

    /// <summary>The most certificates an x5chain may hold.</summary>
    public int MaxChainLength { get; }

    /// <summary>The largest accepted encoded certificate, in bytes.</summary>
    public int MaxCertificateSize { get; }

    /// <summary>
    /// True when <paramref name="certificate"/> is exactly one DER-encoded structure shaped as a certificate: one SEQUENCE,
    /// nothing before or after it, no PEM text, and every length in DER's definite shortest form at every depth. An
    /// <c>x5chain</c> (RFC 9360 §2) or <c>x5c</c> (RFC 7515 §4.1.6) entry must be this; a certificate has exactly one such
    /// encoding of its signed part, so the bytes identify it.
    /// </summary>
    /// <param name="certificate">The bytes of one entry.</param>
    /// <returns>Whether the bytes are one strict DER value.</returns>
    public static bool IsDerCertificate(ReadOnlySpan<byte> certificate) => X509Fields.IsStrictDerCertificate(certificate);

    /// <summary>Validates an x5chain given as DER-encoded certificates, as carried in a COSE header.</summary>
    /// <param name="x5chain">The certificates: the leaf first, then intermediates.</param>
    /// <param name="verificationTime">The time to validate at, normally <see cref="TimeProvider.GetUtcNow"/>.</param>
    /// <returns>
    /// The result. Its <see cref="CertificateChainValidationResult.Leaf"/> is a new certificate that the
    /// caller owns; intermediates are parsed and disposed here.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="x5chain"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The trust anchor set has been disposed.</exception>
    public CertificateChainValidationResult Validate(IReadOnlyList<ReadOnlyMemory<byte>> x5chain, DateTimeOffset verificationTime)
    {
        ArgumentNullException.ThrowIfNull(x5chain);
        if (CheckShape(x5chain.Count) is { } shapeProblem)
        {
            return Failed(null, shapeProblem);
        }

        var certificates = new List<X509Certificate2>(x5chain.Count);
        try
        {
            for (var i = 0; i < x5chain.Count; i++)
            {
                if (TryLoad(x5chain[i].Span) is not { } certificate)
                {
                    var leaf = certificates.Count > 0 ? certificates[0] : null;
                    return Failed(leaf, new(CertificateProblemCodes.CertificateMalformed, $"x5chain[{i}] is not one DER-encoded X.509 certificate of at most {MaxCertificateSize} bytes."));
                }

                certificates.Add(certificate);
            }

            return ValidateCore(certificates[0], certificates.Skip(1).ToArray(), verificationTime);
        }
        finally
        {
            for (var i = 1; i < certificates.Count; i++)
            {
                certificates[i].Dispose();
            }
        }
    }

    /// <summary>Validates an x5chain given as certificates.</summary>
    /// <param name="x5chain">The certificates: the leaf first, then intermediates. The caller keeps ownership.</param>
    /// <param name="verificationTime">The time to validate at, normally <see cref="TimeProvider.GetUtcNow"/>.</param>
    /// <returns>The result; its <see cref="CertificateChainValidationResult.Leaf"/> is <c>x5chain[0]</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="x5chain"/> or an element is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The trust anchor set has been disposed.</exception>
    public CertificateChainValidationResult Validate(IReadOnlyList<X509Certificate2> x5chain, DateTimeOffset verificationTime)
    {
        ArgumentNullException.ThrowIfNull(x5chain);
        foreach (var certificate in x5chain)
        {
            ArgumentNullException.ThrowIfNull(certificate, nameof(x5chain));
        }

        if (CheckShape(x5chain.Count) is { } shapeProblem)
        {
            return Failed(x5chain.Count > 0 ? x5chain[0] : null, shapeProblem);
        }

        for (var i = 0; i < x5chain.Count; i++)
        {
            if (x5chain[i].RawDataMemory.Length > MaxCertificateSize)
            {
                return Failed(x5chain[0], new(CertificateProblemCodes.CertificateMalformed, $"x5chain[{i}] is larger than {MaxCertificateSize} bytes."));
            }
        }

        return ValidateCore(x5chain[0], x5chain.Skip(1).ToArray(), verificationTime);
    }

    private static CertificateChainValidationResult Failed(X509Certificate2? leaf, Problem problem) =>
        new(leaf, null, [problem], allChecksRan: false);

    private Problem? CheckShape(int count)
    {
        if (count == 0)
        {
            return new(CertificateProblemCodes.CertificateMalformed, "The x5chain holds no certificate.");
        }

        if (count > MaxChainLength)
        {
            return new(CertificateProblemCodes.ChainInvalid, $"The x5chain holds {count} certificates; at most {MaxChainLength} are accepted.");
        }

        return null;
    }

    private X509Certificate2? TryLoad(ReadOnlySpan<byte> der)
    {
        if (der.Length > MaxCertificateSize || !X509Fields.IsStrictDerCertificate(der))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private CertificateChainValidationResult ValidateCore(X509Certificate2 leaf, X509Certificate2[] intermediates, DateTimeOffset verificationTime)
    {
        var failures = new List<Problem>();
        X509Certificate2? anchor = null;
        var chainChecked = false;
        var timeChecked = false;
        using var chain = new X509Chain();
        try
        {
            var policy = chain.ChainPolicy;
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            TrustAnchors.AddTo(policy.CustomTrustStore);
            policy.ExtraStore.AddRange(intermediates);
            policy.RevocationMode = X509RevocationMode.NoCheck;
            policy.DisableCertificateDownloads = true;
            policy.VerificationTimeIgnored = false;
            policy.VerificationTime = verificationTime.UtcDateTime;
            policy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;

            var built = false;
            try
            {
                built = chain.Build(leaf);
            }
            catch (CryptographicException)
            {
                failures.Add(new(CertificateProblemCodes.ChainInvalid, "The certificate chain could not be built."));
            }

            var status = X509ChainStatusFlags.NoError;
            foreach (var chainStatus in chain.ChainStatus)
            {
                status |= chainStatus.Status;
            }

            var elements = chain.ChainElements;
            foreach (var element in elements)
            {
                foreach (var chainStatus in element.ChainElementStatus)
                {
                    status |= chainStatus.Status;
                }
            }

            status &= ~IgnoredStatus;
            if (elements.Count > 0)
            {
                anchor = TrustAnchors.Find(elements[^1].Certificate);
            }

            if ((status & UntrustedStatus) != 0 || (failures.Count == 0 && anchor is null))
            {
                anchor = null;
                failures.Add(new(CertificateProblemCodes.UntrustedIssuer, "The certificate chain does not end at a configured trust anchor."));
            }

            var otherStatus = status & ~UntrustedStatus;
            if (otherStatus != X509ChainStatusFlags.NoError || (!built && status == X509ChainStatusFlags.NoError && failures.Count == 0))
            {
                failures.Add(new(CertificateProblemCodes.ChainInvalid, $"The certificate chain is invalid: {otherStatus}."));
            }

            chainChecked = failures.Count == 0;

            // Validity periods: every element of a chain that reaches an anchor, else the leaf alone.
            (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? pathValidity = null;
            if (anchor is not null)
            {
                var pathNotBefore = DateTimeOffset.MinValue;
                var pathNotAfter = DateTimeOffset.MaxValue;
                for (var i = 0; i < elements.Count; i++)
                {
                    var position = i == 0 ? "leaf certificate" : i == elements.Count - 1 ? "trust anchor" : $"intermediate certificate {i}";
                    if (MdocCertificateProfile.CheckValidityPeriod(elements[i].Certificate, verificationTime, ClockSkew, position) is { } problem)
                    {
                        failures.Add(problem);
                    }
                    else if (X509Fields.TryReadValidity(elements[i].Certificate, out var notBefore, out var notAfter))
                    {
                        pathNotBefore = notBefore > pathNotBefore ? notBefore : pathNotBefore;
                        pathNotAfter = notAfter < pathNotAfter ? notAfter : pathNotAfter;
                    }
                }

                pathValidity = (pathNotBefore, pathNotAfter);

                timeChecked = true;
            }
            else if (MdocCertificateProfile.CheckValidityPeriod(leaf, verificationTime, ClockSkew, "leaf certificate") is { } problem)
            {
                failures.Add(problem);
            }

            var profileChecked = false;
            if (anchor is not null)
            {
                failures.AddRange(LeafRole switch
                {
                    MdocCertificateRole.DocumentSigner => MdocCertificateProfile.CheckDocumentSigner(leaf, anchor),
                    MdocCertificateRole.SdJwtVcIssuer => SdJwtVcCertificateProfile.CheckIssuer(leaf),
                    MdocCertificateRole.ReaderAuthentication => MdocCertificateProfile.CheckReaderAuthentication(leaf),
                    _ => throw new InvalidOperationException("Unknown certificate role."),
                });
                if (LeafRole == MdocCertificateRole.DocumentSigner && elements.Count > 2)
                {
                    failures.Add(new(CertificateProblemCodes.DsNotIssuedByIaca, $"The Document Signer is issued through {elements.Count - 2} intermediate CA certificate(s); ISO/IEC 18013-5 Annex B has it issued directly by the IACA."));
                }

                profileChecked = true;
            }

            return new CertificateChainValidationResult(leaf, anchor, failures, chainChecked && timeChecked && profileChecked, pathValidity);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                var certificate = element.Certificate;
                // Dispose only the chain's own instances, never the caller's or the anchor set's.
                if (!ReferenceEquals(certificate, leaf)
                    && Array.IndexOf(intermediates, certificate) < 0
                    && !ReferenceEquals(TrustAnchors.Find(certificate), certificate))
                {
                    certificate.Dispose();
                }
            }
        }
    }
}
