using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;

namespace Honnin.X509.Vicals;

/// <summary>
/// A Verified Issuer Certificate Authority List (VICAL, ISO/IEC 18013-5 second edition; published e.g. by AAMVA's
/// Digital Trust Service): a COSE_Sign1 over a CBOR map that lists IACA certificates with the document types each is
/// trusted for, signed by a VICAL provider whose certificate travels in <c>x5chain</c>. <see cref="Decode"/> reads it
/// without trusting it; <see cref="Verify"/> checks the signature and the signer's chain against the anchors the
/// caller trusts for VICAL signers; <see cref="ToTrustAnchors"/> gives the listed IACAs as mdoc trust anchors.
/// </summary>
public sealed class Vical
{
    /// <summary>The largest VICAL read: 16 MiB.</summary>
    public const int MaxSize = 16 * 1024 * 1024;

    private readonly CoseSign1Message _message;

    private Vical(CoseSign1Message message, string version, string provider, DateTimeOffset date, long? issueId, DateTimeOffset? nextUpdate, IReadOnlyList<VicalEntry> entries)
    {
        _message = message;
        Version = version;
        Provider = provider;
        Date = date;
        IssueId = issueId;
        NextUpdate = nextUpdate;
        Entries = entries;
    }

    /// <summary>The VICAL version (<c>"1.0"</c>).</summary>
    public string Version { get; }

    /// <summary>Who publishes the list (<c>vicalProvider</c>).</summary>
    public string Provider { get; }

    /// <summary>When the list was issued.</summary>
    public DateTimeOffset Date { get; }

    /// <summary>The provider's issue number, when given.</summary>
    public long? IssueId { get; }

    /// <summary>When the next list is expected, when given.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>The listed IACAs.</summary>
    public IReadOnlyList<VicalEntry> Entries { get; }

    /// <summary>The signer's certificate chain (DER), leaf first, as the VICAL carries it.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> SignerChain => _message.Headers.X5Chain;

    /// <summary>Reads a VICAL; nothing is verified.</summary>
    /// <param name="encoded">The VICAL bytes (a COSE_Sign1, tagged or not).</param>
    /// <returns>The VICAL.</returns>
    /// <exception cref="CredentialFormatException">The bytes are not a VICAL (<see cref="VicalFailureCodes.Malformed"/>, or a CBOR or COSE code).</exception>
    public static Vical Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length > MaxSize)
        {
            throw new CredentialFormatException(CborFailureCodes.TooLarge, $"The VICAL is larger than {MaxSize / (1024 * 1024)} MiB.");
        }

        var options = CborDecodeOptions.Default with { MaxInputLength = MaxSize, RequireShortestEncoding = false };
        var message = CoseSign1Message.Decode(CborDecoder.Decode(encoded, options), options);
        if (message.Payload is not { } payload)
        {
            throw Malformed("The VICAL's COSE_Sign1 has no embedded payload.");
        }

        if (CborDecoder.Decode(payload, options) is not CborMap map)
        {
            throw Malformed("The VICAL payload is not a CBOR map.");
        }

        var version = Text(map, "version") ?? throw Malformed("The VICAL has no version.");
        var provider = Text(map, "vicalProvider") ?? throw Malformed("The VICAL has no vicalProvider.");
        var date = Time(map, "date") ?? throw Malformed("The VICAL has no date.");
        long? issueId = null;
        if (map.TryGetValue("vicalIssueID", out var id))
        {
            issueId = id is CborInteger n && n.Value >= 0 && n.Value <= long.MaxValue ? (long)n.Value : throw Malformed("vicalIssueID is not an unsigned integer.");
        }

        if (!map.TryGetValue("certificateInfos", out var infos) || infos is not CborArray list)
        {
            throw Malformed("The VICAL has no certificateInfos array.");
        }

        var entries = new List<VicalEntry>(list.Count);
        foreach (var item in list.Items)
        {
            if (item is not CborMap info || !info.TryGetValue("certificate", out var certificate) || certificate is not CborByteString der)
            {
                throw Malformed("A certificateInfo has no certificate byte string.");
            }

            if (!info.TryGetValue("docType", out var docTypes) || docTypes is not CborArray types || types.Items.Any(t => t is not CborTextString))
            {
                throw Malformed("A certificateInfo has no docType array of text.");
            }

            entries.Add(new VicalEntry(der.Value, [.. types.Items.Select(t => ((CborTextString)t).Value)], Text(info, "issuingAuthority"), Text(info, "issuingCountry"), Text(info, "stateOrProvinceName")));
        }

        return new Vical(message, version, provider, date, issueId, Time(map, "nextUpdate"), entries.AsReadOnly());
    }

    /// <summary>Reads a VICAL without throwing.</summary>
    /// <param name="encoded">The VICAL bytes.</param>
    /// <param name="vical">The VICAL, when it reads.</param>
    /// <param name="error">Why it does not read, otherwise.</param>
    /// <returns>Whether it reads.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> encoded, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Vical? vical, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out CredentialFormatException? error)
    {
        return CredentialFormatException.Try(() => Decode(encoded), out vical, out error);
    }

    /// <summary>
    /// Verifies the VICAL: its signature with the key of its <c>x5chain</c> leaf (ES256, ES384 or ES512), and the
    /// leaf's chain (through the certificates after it in <c>x5chain</c>) to one of <paramref name="signerAnchors"/>,
    /// valid at <paramref name="at"/>. A list past its <c>nextUpdate</c> is reported as stale.
    /// </summary>
    /// <param name="signerAnchors">The certificates trusted to sign VICALs (e.g. the AAMVA root), not IACAs.</param>
    /// <param name="at">The verification time.</param>
    /// <returns>The problems; empty when the VICAL is trusted.</returns>
    public IReadOnlyList<Problem> Verify(TrustAnchorSet signerAnchors, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signerAnchors);
        var chain = SignerChain;
        if (chain.Count == 0)
        {
            return [new(VicalFailureCodes.SignerUntrusted, "The VICAL carries no signer certificate (x5chain).")];
        }

        using var leaf = Load(chain[0]);
        if (leaf is null)
        {
            return [new(CertificateProblemCodes.CertificateMalformed, "The VICAL signer certificate is not one DER certificate.")];
        }

        var problems = new List<Problem>();
        using (var key = leaf.GetECDsaPublicKey())
        {
            if (key is null || _message.Algorithm is not (CoseAlgorithm.ES256 or CoseAlgorithm.ES384 or CoseAlgorithm.ES512) || !_message.VerifySignature(key))
            {
                problems.Add(new(VicalFailureCodes.SignatureInvalid, "The VICAL signature does not verify with its signer certificate's key."));
            }
        }

        var intermediates = chain.Skip(1).Select(Load).ToList();
        try
        {
            if (intermediates.Any(c => c is null))
            {
                problems.Add(new(CertificateProblemCodes.CertificateMalformed, "An x5chain certificate of the VICAL is not one DER certificate."));
            }
            else if (!ChainsTo(leaf, intermediates!, signerAnchors, at))
            {
                problems.Add(new(VicalFailureCodes.SignerUntrusted, $"The VICAL signer's chain does not end at a configured VICAL signer anchor, or is not valid at {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}."));
            }
        }
        finally
        {
            intermediates.ForEach(c => c?.Dispose());
        }

        if (NextUpdate is { } next && at > next)
        {
            problems.Add(new(VicalFailureCodes.Stale, $"The VICAL expected its next update at {next.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; fetch a newer list."));
        }

        return problems.AsReadOnly();
    }

    /// <summary>The listed IACAs as trust anchors, optionally only those listed for one document type.</summary>
    /// <param name="docType">The document type, or null for all.</param>
    /// <returns>The anchors; the caller disposes them.</returns>
    /// <exception cref="CredentialFormatException">A listed certificate is not one DER certificate.</exception>
    /// <exception cref="InvalidOperationException">The VICAL lists no IACA (for that document type).</exception>
    public TrustAnchorSet ToTrustAnchors(string? docType = null)
    {
        var certificates = Entries.Where(e => docType is null || e.DocTypes.Contains(docType, StringComparer.Ordinal)).Select(e => e.Certificate).ToList();
        return certificates.Count > 0
            ? TrustAnchorSet.FromDer(certificates)
            : throw new InvalidOperationException(docType is null ? "The VICAL lists no IACA." : $"The VICAL lists no IACA for the document type '{docType}'.");
    }

    private static bool ChainsTo(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, TrustAnchorSet anchors, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        anchors.AddTo(policy.CustomTrustStore);
        policy.ExtraStore.AddRange(intermediates.ToArray());
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = at.UtcDateTime;
        try
        {
            return chain.Build(leaf) && anchors.Find(chain.ChainElements[^1].Certificate) is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static X509Certificate2? Load(ReadOnlyMemory<byte> der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string? Text(CborMap map, string key) =>
        map.TryGetValue(key, out var value) ? value is CborTextString text ? text.Value : throw Malformed($"'{key}' is not text.") : null;

    private static DateTimeOffset? Time(CborMap map, string key) =>
        map.TryGetValue(key, out var value) ? value is CborDateTime time ? time.Value : throw Malformed($"'{key}' is not a date-time (tag 0).") : null;

    private static CredentialFormatException Malformed(string message) => new(VicalFailureCodes.Malformed, message);
}
