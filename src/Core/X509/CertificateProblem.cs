namespace Honnin.X509;

/// <summary>
/// One failed certificate check: a stable machine-readable <see cref="Code"/> (see
/// <see cref="CertificateProblemCodes"/>) and a message that names the certificate's position and the
/// field or extension at fault, never key material or raw bytes.
/// </summary>
/// <param name="Code">A stable failure code, e.g. <c>ds_missing_eku</c>.</param>
/// <param name="Message">What is wrong, for logs and developers.</param>
public sealed record CertificateProblem(string Code, string Message);
