namespace Honnin.Issuer;

/// <summary>
/// The signing certificate cannot sign credentials: it is a CA certificate (an IACA), or it is not valid at the signing
/// time. Credentials signed with it would not verify; <see cref="Code"/> says which.
/// </summary>
public sealed class SignerCertificateException : InvalidOperationException
{
    /// <summary>The certificate is a CA certificate (basic constraints cA, or key usage keyCertSign): issue a Document Signer under it.</summary>
    public const string IsCertificateAuthority = "signer_certificate_is_ca";

    /// <summary>The signing time is before the certificate's notBefore.</summary>
    public const string NotYetValid = "signer_certificate_not_yet_valid";

    /// <summary>The signing time is after the certificate's notAfter.</summary>
    public const string Expired = "signer_certificate_expired";

    /// <summary>The SD-JWT VC issuer's <c>iss</c> is not named by its certificate (a SubjectAltName URI equal to it, or the dNSName of its https host), so verifiers would refuse every credential.</summary>
    public const string IssuerNotInCertificate = "signer_certificate_does_not_name_the_issuer";

    /// <summary>The signing certificate expires before the credential's requested end of validity (or before it would become valid): verifiers would refuse it from then on.</summary>
    public const string ExpiresBeforeCredential = "signer_certificate_expires_before_credential";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="message">What is wrong, naming no key material.</param>
    public SignerCertificateException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates the exception with a generic message (for serializers and analyzers).</summary>
    public SignerCertificateException()
        : this(Expired, "The signing certificate cannot sign credentials.")
    {
    }

    /// <summary>Creates the exception with a message (for serializers and analyzers).</summary>
    /// <param name="message">The message.</param>
    public SignerCertificateException(string message)
        : this(Expired, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception (for serializers and analyzers).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SignerCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = Expired;
    }

    /// <summary>The stable code: <see cref="IsCertificateAuthority"/>, <see cref="NotYetValid"/> or <see cref="Expired"/>.</summary>
    public string Code { get; } = Expired;
}
