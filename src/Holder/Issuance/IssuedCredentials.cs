using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Holder.Keys;
using Honnin.Jose;
using Honnin.Mdoc;
using Honnin.SdJwt;
using Honnin.X509;

namespace Honnin.Holder.Issuance;

/// <summary>
/// The checks on what an issuer sent before anything is stored: every credential reads in the configuration's format,
/// is of the configuration's type, is bound to one of the device keys the wallet proved (each key once), and its issuer
/// signature verifies with the certificate it carries; with trust anchors, that certificate chains to one of them.
/// </summary>
internal static class IssuedCredentials
{
    // Real issuers have written non-preferred CBOR encodings; the holder keeps and presents the received bytes as they are.
    private static readonly CborDecodeOptions Received = CborDecodeOptions.Default with { RequireShortestEncoding = false };

    /// <summary>The checked credentials: mdoc IssuerSigned bytes, or SD-JWT VC compact strings.</summary>
    public sealed record Checked(IReadOnlyList<ReadOnlyMemory<byte>> Mdocs, IReadOnlyList<string> SdJwts);

    /// <exception cref="OfferAcceptanceException">A check failed (<see cref="OfferAcceptanceException.CredentialMismatch"/>, <see cref="OfferAcceptanceException.IssuerUntrusted"/>).</exception>
    public static Checked Check(CredentialFormat format, string type, IReadOnlyList<string> credentials, IReadOnlyList<CoseKey> provenKeys, CertificateChainValidator? chains, DateTimeOffset now)
    {
        if (credentials.Count == 0 || credentials.Count > provenKeys.Count)
        {
            throw Mismatch($"The issuer sent {credentials.Count} credentials for {provenKeys.Count} proven keys (one per key at most, at least one).");
        }

        var unused = provenKeys.Select(InMemoryDeviceKeyResolver.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var mdocs = new List<ReadOnlyMemory<byte>>();
        var sdJwts = new List<string>();
        for (var i = 0; i < credentials.Count; i++)
        {
            var where = $"Credential {i + 1} of {credentials.Count}";
            var (docType, deviceKey, signed) = format == CredentialFormat.Mdoc ? ReadMdoc(credentials[i], where, mdocs) : ReadSdJwt(credentials[i], where, sdJwts);
            if (!string.Equals(docType, type, StringComparison.Ordinal))
            {
                throw Mismatch($"{where} is of another type than the configuration offers ({type}).");
            }

            if (!unused.Remove(InMemoryDeviceKeyResolver.Fingerprint(deviceKey)))
            {
                throw Mismatch($"{where} is not bound to a device key the wallet proved for this request, or to one another credential of the batch is bound to.");
            }

            CheckIssuer(signed, where, chains, format, now);
        }

        return new Checked(mdocs.AsReadOnly(), sdJwts.AsReadOnly());
    }

    private static (string Type, CoseKey DeviceKey, IssuerSignature Signed) ReadMdoc(string credential, string where, List<ReadOnlyMemory<byte>> mdocs)
    {
        if (!Base64UrlEncoding.TryDecode(credential, out var bytes))
        {
            throw Mismatch($"{where} is not base64url (an mdoc credential is its IssuerSigned CBOR in base64url).");
        }

        try
        {
            var issuerSigned = IssuerSigned.Decode(CborDecoder.Decode(bytes, Received), Received);
            var issuerAuth = issuerSigned.IssuerAuth;
            var mso = issuerSigned.MobileSecurityObject;
            mdocs.Add(bytes);
            return (mso.DocType, mso.DeviceKey, new IssuerSignature(issuerAuth.Headers.X5Chain, key => issuerAuth.VerifySignature(key)));
        }
        catch (CredentialFormatException e)
        {
            throw Mismatch($"{where} is not an mdoc IssuerSigned structure ({e.Code}).", e);
        }
    }

    private static (string Type, CoseKey DeviceKey, IssuerSignature Signed) ReadSdJwt(string credential, string where, List<string> sdJwts)
    {
        try
        {
            var sdJwt = SelectiveDisclosureJwt.Parse(credential);
            if (sdJwt.KeyBinding is not null)
            {
                throw Mismatch($"{where} carries a key-binding JWT, which an issued SD-JWT VC does not.");
            }

            var payload = sdJwt.GetIssuerPayload();
            var vct = payload["vct"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Mismatch($"{where} has no vct.");
            var jwk = payload["cnf"]?["jwk"] as JsonObject ?? throw Mismatch($"{where} has no cnf.jwk, so it is bound to no key.");
            var issuerSigned = sdJwt.IssuerSigned;
            sdJwts.Add(credential);
            return (vct, JsonWebKey.FromJson(jwk).Key, new IssuerSignature(issuerSigned.X5c, key => issuerSigned.VerifySignature(key)));
        }
        catch (CredentialFormatException e)
        {
            throw Mismatch($"{where} is not an SD-JWT VC ({e.Code}).", e);
        }
    }

    private static void CheckIssuer(IssuerSignature signed, string where, CertificateChainValidator? chains, CredentialFormat format, DateTimeOffset now)
    {
        if (signed.Chain.Count == 0)
        {
            if (chains is not null)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.IssuerUntrusted, $"{where} carries no issuer certificate ({(format == CredentialFormat.Mdoc ? "x5chain" : "x5c")}), so it cannot chain to the trust anchors.");
            }

            return;
        }

        CoseKey? leafKey;
        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(signed.Chain[0].Span);
            leafKey = CertificatePublicKey.TryRead(leaf);
        }
        catch (CryptographicException e)
        {
            throw Mismatch($"{where} carries an issuer certificate that does not read.", e);
        }

        bool verified;
        try
        {
            verified = leafKey is not null && signed.Verify(leafKey);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or CredentialFormatException)
        {
            verified = false;
        }

        if (!verified)
        {
            throw Mismatch($"{where} is not signed by the key of the issuer certificate it carries.");
        }

        if (chains is not null)
        {
            var result = chains.Validate(signed.Chain, now);
            result.Leaf?.Dispose();
            if (!result.IsValid)
            {
                throw new OfferAcceptanceException(OfferAcceptanceException.IssuerUntrusted, $"{where} is signed by a certificate that does not chain to the trust anchors ({string.Join(", ", result.Failures.Select(f => f.Code).Distinct(StringComparer.Ordinal))}).");
            }
        }
    }

    private static OfferAcceptanceException Mismatch(string message, Exception? inner = null) =>
        new(OfferAcceptanceException.CredentialMismatch, message, innerException: inner);

    private sealed record IssuerSignature(IReadOnlyList<ReadOnlyMemory<byte>> Chain, Func<CoseKey, bool> Verify);
}
