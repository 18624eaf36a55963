using System.Security.Cryptography.X509Certificates;
using System.Text;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Holder.Credentials;
using Honnin.Mdoc;
using Honnin.SdJwt;
using Honnin.StatusLists;
using Honnin.Verifier.Status;
using Honnin.X509;

namespace Honnin.Cli;

/// <summary>
/// A wallet credential's status for <c>wallet list</c>: its Token Status List entry, checked against the list its
/// issuer publishes — trusted when it is signed by the same key as the credential (the wallet has no trust
/// configuration of its own). A credential without an entry has no status to show.
/// </summary>
internal static class WalletStatus
{
    private static readonly CborDecodeOptions Stored = CborDecodeOptions.Default with { RequireShortestEncoding = false };

    public static StatusListChecker Checker(HttpClient http) => new(new StatusListCheckerOptions { Source = new HttpStatusListSource(http) });

    /// <summary>"no status list", "valid", "revoked", "suspended", or "unknown (why)".</summary>
    public static async Task<(string Text, string? Code)> DescribeAsync(StoredCredential credential, StatusListChecker checker, CancellationToken cancellationToken)
    {
        var (reference, issuerKey) = Read(credential);
        if (reference is null)
        {
            return ("no status list", null);
        }

        var result = await checker.CheckAsync(reference, issuerKey, cancellationToken).ConfigureAwait(false);
        return result.State switch
        {
            StatusState.Valid => ("valid", null),
            StatusState.Revoked => ("revoked by the issuer", result.Failure?.Code),
            StatusState.Suspended => ("suspended by the issuer", result.Failure?.Code),
            _ => ("status unknown: " + result.Failure?.Message, result.Failure?.Code),
        };
    }

    // The credential's entry and the key that signed it (the leaf of its certificate chain), as far as they read.
    private static (StatusListReference? Reference, CoseKey? IssuerKey) Read(StoredCredential credential)
    {
        try
        {
            if (credential.Format == CredentialFormat.Mdoc)
            {
                var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(credential.Data, Stored), Stored);
                return (MdocStatus.Read(issuerSigned.MobileSecurityObject.Status), LeafKey(issuerSigned.IssuerAuth.Headers.X5Chain));
            }

            var sdJwt = SelectiveDisclosureJwt.Parse(Encoding.UTF8.GetString(credential.Data.Span));
            return (SdJwtStatusClaim.Read(sdJwt.GetIssuerPayload()), LeafKey(sdJwt.IssuerSigned.X5c));
        }
        catch (CredentialFormatException)
        {
            return (null, null);
        }
    }

    private static CoseKey? LeafKey(IReadOnlyList<ReadOnlyMemory<byte>> chain)
    {
        if (chain.Count == 0)
        {
            return null;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(chain[0].Span);
        return CertificatePublicKey.TryRead(leaf);
    }
}
