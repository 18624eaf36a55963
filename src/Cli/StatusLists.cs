using System.Security.Cryptography.X509Certificates;
using System.Text;
using Honnin.Crypto;
using Honnin.StatusLists;
using Honnin.Verifier;
using Honnin.Verifier.Status;
using Honnin.X509;

namespace Honnin.Cli;

/// <summary>
/// What <c>verify</c> checks a credential's status with: <c>--status-check auto|require|off</c>, and the status lists
/// given as files (<c>--status-list FILE</c>, served for the URI each names as <c>sub</c>) before any fetched over
/// HTTP (https, or http on loopback; no redirects). Trust is the <c>--trust</c> files': their roots, pinned certificates
/// and issuer keys.
/// </summary>
internal static class StatusLists
{
    public static StatusCheckPolicy Policy(string? value) => value switch
    {
        null or "auto" => StatusCheckPolicy.Auto,
        "require" => StatusCheckPolicy.Require,
        "off" => StatusCheckPolicy.Off,
        _ => throw new UsageException($"--status-check is auto, require or off, not '{value}'."),
    };

    public static StatusListChecker Checker(string[] files, IssuerTrust trust, HttpClient http, TimeProvider clock)
    {
        var keys = new List<CoseKey>(trust.IssuerKeys.Select(k => k.Key));
        foreach (var pinned in trust.PinnedCertificates)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(pinned.Span);
            if (CertificatePublicKey.TryRead(certificate) is { } key)
            {
                keys.Add(key);
            }
        }

        return new StatusListChecker(new StatusListCheckerOptions { Source = new Source(ReadFiles(files), new HttpStatusListSource(http)), TrustAnchors = trust.Anchors, TrustedKeys = keys }, clock);
    }

    private static Dictionary<string, byte[]> ReadFiles(string[] files)
    {
        var byUri = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var raw = InputFiles.ReadBounded(path, "--status-list", InputFiles.MaxItemLength);
            var text = Encoding.UTF8.GetString(raw).Trim();
            byte[] token;
            string subject;
            try
            {
                if (text.StartsWith("ey", StringComparison.Ordinal))
                {
                    token = Encoding.UTF8.GetBytes(text);
                    subject = StatusListToken.Parse(text).Subject;
                }
                else
                {
                    token = InputFiles.ReadBinaryOrHex(path, "--status-list", InputFiles.MaxItemLength);
                    subject = StatusListCwt.Parse(token).Subject;
                }
            }
            catch (CredentialFormatException e)
            {
                throw new InputException(InputException.WrongKind, $"The --status-list file '{path}' is not a Status List Token, JWT or CWT ({e.Code}).");
            }

            if (!byUri.TryAdd(subject, token))
            {
                throw new UsageException($"Two --status-list files are for the same list ({subject}).");
            }
        }

        return byUri;
    }

    /// <summary>The files first, then the network.</summary>
    private sealed class Source(Dictionary<string, byte[]> files, IStatusListSource http) : IStatusListSource
    {
        public Task<ReadOnlyMemory<byte>> FetchAsync(string uri, CancellationToken cancellationToken = default) =>
            files.TryGetValue(uri, out var token) ? Task.FromResult<ReadOnlyMemory<byte>>(token) : http.FetchAsync(uri, cancellationToken);
    }
}
