using Honnin.Verifier;
using Honnin.X509;
using Honnin.X509.Vicals;

namespace Honnin.Cli;

/// <summary>
/// The files of <c>verify --trust</c>, <c>--vical</c> and <c>--vical-signer</c>, read by the library's
/// <see cref="IssuerTrust"/> (certificates, JWKs, JWK Sets and VICALs told apart by content) within the CLI's size
/// bounds, its failures turned into the CLI's: an unreadable file is an input error, a VICAL that does not verify is
/// refused.
/// </summary>
internal static class TrustFiles
{
    /// <summary>Reads the trust files.</summary>
    /// <exception cref="InputException">A file cannot be read or is none of the kinds.</exception>
    /// <exception cref="UsageException">A VICAL is given without a signer and without <c>--vical-unverified</c>.</exception>
    /// <exception cref="RefusedException">A VICAL's signature, signer or freshness does not verify.</exception>
    public static IssuerTrust Read(IReadOnlyList<string> trust, IReadOnlyList<string> vicals, IReadOnlyList<string> vicalSigners, bool vicalUnverified, DateTimeOffset at)
    {
        if (vicals.Count > 0 && vicalSigners.Count == 0 && !vicalUnverified)
        {
            throw new UsageException("--vical needs --vical-signer FILE (the certificate that signs the list, e.g. the AAMVA root), or --vical-unverified to use a list whose signature is not checked.");
        }

        List<(string, ReadOnlyMemory<byte>)> inputs =
        [
            .. trust.Select(p => (p, (ReadOnlyMemory<byte>)InputFiles.ReadBounded(p, "--trust"))),
            .. vicals.Select(p => (p, (ReadOnlyMemory<byte>)InputFiles.ReadBounded(p, "--vical", Vical.MaxSize))),
        ];
        using var signers = vicalSigners.Count > 0 ? ReadSigners(vicalSigners) : null;
        return Map(() => IssuerTrust.Read(inputs, new IssuerTrustOptions { VicalSigners = signers, AcceptUnverifiedVicals = vicalUnverified, At = at }));
    }

    // A VICAL signer is trusted as given, whether a root or the signing certificate itself.
    private static TrustAnchorSet ReadSigners(IReadOnlyList<string> paths)
    {
        using var read = Map(() => IssuerTrust.Read([.. paths.Select(p => (p, (ReadOnlyMemory<byte>)InputFiles.ReadBounded(p, "--vical-signer")))]));
        if (read.IssuerKeys.Count > 0)
        {
            throw new UsageException("--vical-signer takes certificates, not keys.");
        }

        return TrustAnchorSet.FromDer([.. (read.Anchors?.Certificates ?? []).Select(c => (ReadOnlyMemory<byte>)c.RawData), .. read.PinnedCertificates]);
    }

    private static IssuerTrust Map(Func<IssuerTrust> read)
    {
        try
        {
            return read();
        }
        catch (CredentialFormatException e) when (e.Code == TrustFileCodes.VicalNotTrusted)
        {
            throw new RefusedException(e.Code, e.Message);
        }
        catch (CredentialFormatException e)
        {
            throw new InputException(InputException.Malformed, e.Message);
        }
    }
}
