using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Issuer.Logging;
using Honnin.Issuer.Signing;
using Honnin.Mdoc;
using Honnin.StatusLists;
using Honnin.Pseudonyms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Issuer.Mdoc;

/// <summary>
/// Issues ISO/IEC 18013-5 / 23220 mdocs: validates the claims against the document type, builds IssuerSignedItems with
/// fresh 32-byte salts and random digest IDs, adds decoy digests, writes the MSO with coarse timestamps, and signs it
/// through the signer abstraction with <c>x5chain</c>. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class MdocIssuer
{
    private const int SaltLength = 32;

    private readonly MdocIssuerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IssuerSigningKey _documentSigner;
    private readonly CborValue _x5chain;

    /// <summary>Creates an issuer.</summary>
    /// <param name="options">Signer, certificate chain and issuance policy.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where each issuance is logged (format and document type only, see <see cref="IssuerEventIds"/>); none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the signer's key is not the Document Signer certificate's.</exception>
    /// <exception cref="SignerCertificateException">The certificate is a CA certificate (<see cref="SignerCertificateException.IsCertificateAuthority"/>).</exception>
    public MdocIssuer(MdocIssuerOptions options, TimeProvider? timeProvider = null, ILogger<MdocIssuer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        if (options.Signer.PublicKey.KeyType == CoseKeyType.Rsa)
        {
            throw new ArgumentException("An mdoc is signed with an EC or Ed25519 key (ISO/IEC 18013-5 §9.1.3.5), not RSA.", nameof(options));
        }

        _documentSigner = IssuerSigningKey.Create(options.Signer, options.CertificateChain, "Document Signer");
        _x5chain = options.CertificateChain.Count == 1
            ? new CborByteString(options.CertificateChain[0])
            : new CborArray(options.CertificateChain.Select(c => (CborValue)new CborByteString(c)));
    }

    /// <summary>Issues one credential.</summary>
    /// <param name="request">What to issue.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="InvalidClaimsException">The claims do not fit the document type.</exception>
    /// <exception cref="ArgumentException">The document type is unknown.</exception>
    /// <exception cref="SignerCertificateException">The Document Signer certificate is not valid at the issuance time.</exception>
    public async Task<IssuedMdoc> IssueAsync(MdocIssuanceRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(request);
        var signature = await _options.Signer.SignAsync(prepared.ToBeSigned, cancellationToken).ConfigureAwait(false);
        return Complete(prepared, signature);
    }

    /// <summary>
    /// Issues a batch of single-use credentials for one holder: one per device key, each with fresh salts, digest IDs,
    /// decoys and signature, and the same coarse timestamps, so that presentations of different credentials of the
    /// batch cannot be linked through the credential bytes.
    /// </summary>
    /// <param name="request">What to issue (its device key is ignored: <paramref name="deviceKeys"/> are used).</param>
    /// <param name="deviceKeys">One fresh device key per credential.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The credentials, in the order of the keys.</returns>
    /// <exception cref="InvalidClaimsException">The claims do not fit the document type.</exception>
    /// <exception cref="ArgumentException">No key is given, or a key is given twice.</exception>
    public Task<IReadOnlyList<IssuedMdoc>> IssueBatchAsync(MdocIssuanceRequest request, IReadOnlyList<CoseKey> deviceKeys, CancellationToken cancellationToken = default) =>
        IssueBatchAsync(request, deviceKeys, null, cancellationToken);

    /// <summary>Issues a batch of single-use credentials, each with its own status list entry.</summary>
    /// <param name="request">What to issue (its device key and status are ignored).</param>
    /// <param name="deviceKeys">One fresh device key per credential.</param>
    /// <param name="statuses">One distinct status entry per credential, in the order of the keys; null for none.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The credentials, in the order of the keys.</returns>
    /// <exception cref="InvalidClaimsException">The claims do not fit the document type.</exception>
    /// <exception cref="ArgumentException">No key is given, a key is given twice, or the statuses do not give each credential its own entry.</exception>
    public Task<IReadOnlyList<IssuedMdoc>> IssueBatchAsync(MdocIssuanceRequest request, IReadOnlyList<CoseKey> deviceKeys, IReadOnlyList<StatusListReference>? statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BatchIssuance.IssueAsync(deviceKeys, nameof(deviceKeys), statuses, request.Status, (key, status) => IssueAsync(request with { DeviceKey = key, Status = status }, cancellationToken));
    }

    /// <summary>Prepares a credential for signing elsewhere; finish with <see cref="Complete"/>.</summary>
    /// <param name="request">What to issue.</param>
    /// <returns>The prepared credential and the bytes to sign.</returns>
    /// <exception cref="InvalidClaimsException">The claims do not fit the document type.</exception>
    /// <exception cref="ArgumentException">The document type is unknown or the validity is inconsistent.</exception>
    /// <exception cref="SignerCertificateException">The Document Signer certificate is not valid at the issuance time.</exception>
    public PreparedMdoc Prepare(MdocIssuanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Claims);
        ArgumentNullException.ThrowIfNull(request.DeviceKey);
        var type = IssuanceRules.CheckClaims(_options.DocumentTypes, request.DocType, request.Claims, _options.MyNumbers);
        IssuanceRules.CheckPseudonyms(request.Pseudonyms);
        var nameSpaces = request.Claims.NameSpaces.ToDictionary(ns => ns.Key, ns => ns.Value, StringComparer.Ordinal);
        if (request.Pseudonyms is { Count: > 0 } pseudonyms)
        {
            nameSpaces[HonninDocumentTypes.PseudonymNameSpace] = PseudonymElements(pseudonyms);
        }

        var items = new Dictionary<string, IReadOnlyList<IssuerSignedItem>>(StringComparer.Ordinal);
        var digests = new Dictionary<string, IReadOnlyDictionary<ulong, ReadOnlyMemory<byte>>>(StringComparer.Ordinal);
        foreach (var (nameSpace, elements) in nameSpaces)
        {
            var ids = DrawDigestIds(elements.Count + _options.DecoyDigests);
            var nsItems = new List<IssuerSignedItem>(elements.Count);
            var nsDigests = new Dictionary<ulong, ReadOnlyMemory<byte>>();
            var index = 0;
            foreach (var (identifier, value) in elements)
            {
                var item = IssuerSignedItem.Create(ids[index++], RandomNumberGenerator.GetBytes(SaltLength), identifier, value);
                nsItems.Add(item);
                nsDigests[item.DigestId] = Hash(item.ItemBytes.EncodedBytes.Span);
            }

            for (; index < ids.Length; index++)
            {
                nsDigests[ids[index]] = RandomNumberGenerator.GetBytes(DigestLength);
            }

            items[nameSpace] = nsItems.AsReadOnly();
            digests[nameSpace] = nsDigests.OrderBy(d => d.Key).ToDictionary(d => d.Key, d => d.Value);
        }

        var signed = IssuanceRules.SigningTime(_timeProvider.GetUtcNow(), _options.TimestampGranularity, _documentSigner.NotBefore, _documentSigner.NotAfter);
        var (validFrom, validUntil) = IssuanceRules.Validity(signed, request.ValidFrom, request.ValidUntil, _options.ValidityPeriod, _documentSigner.NotAfter, nameof(request));
        var mso = MobileSecurityObject.Create(_options.DigestAlgorithm, digests, request.DeviceKey, type.DocType, new ValidityInfo(signed, validFrom, validUntil, null), request.Status is { } status ? MdocStatus.ToCbor(status) : null);
        var draft = CoseSign1ToBeSigned.Prepare(
            _options.Signer.Algorithm,
            mso.Encoded.EncodedBytes,
            CosePayloadMode.Embedded,
            unprotectedHeaders: CborMap.FromLabels((CoseHeaderLabels.X5Chain, _x5chain)));
        return new PreparedMdoc(type.DocType, items, draft);
    }

    /// <summary>Completes a prepared credential with the signature the signer returned, and checks that signature.</summary>
    /// <param name="prepared">The prepared credential.</param>
    /// <param name="signature">The signature over <see cref="PreparedMdoc.ToBeSigned"/>.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">The signature does not verify with the Document Signer certificate.</exception>
    public IssuedMdoc Complete(PreparedMdoc prepared, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (!_documentSigner.Verify(prepared.Algorithm, prepared.ToBeSigned.Span, signature))
        {
            throw new ArgumentException("The signature does not verify with the Document Signer certificate.", nameof(signature));
        }

        var issuerAuth = prepared.Draft.Complete(signature);
        IssuerLog.Issued(_logger, CredentialFormat.Mdoc, prepared.DocType);
        return new IssuedMdoc(prepared.DocType, IssuerSigned.Create(prepared.Items, issuerAuth));
    }

    private static Dictionary<string, CborValue> PseudonymElements(IReadOnlyDictionary<PseudonymDomain, string> pseudonyms) =>
        pseudonyms.ToDictionary(p => p.Key.ElementIdentifier, p => (CborValue)new CborTextString(p.Value), StringComparer.Ordinal);

    private int DigestLength => _options.DigestAlgorithm == HashAlgorithmName.SHA512 ? 64 : _options.DigestAlgorithm == HashAlgorithmName.SHA384 ? 48 : 32;

    private byte[] Hash(ReadOnlySpan<byte> data) =>
        _options.DigestAlgorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(data)
        : _options.DigestAlgorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
        : SHA256.HashData(data);

    /// <summary>
    /// Distinct random digest IDs in [0, 2^31 − 1] (ISO 18013-5 §12.3.4 keeps them in that range), in random order.
    /// Independent uniform draws, kept in the order drawn and without repeats, are already a uniformly random ordered
    /// sample, so no shuffle follows; the draws come from one call to the RNG rather than one per ID.
    /// </summary>
    private static ulong[] DrawDigestIds(int count)
    {
        var ids = new ulong[count];
        var seen = new HashSet<ulong>(count);
        var filled = 0;
        while (filled < count)
        {
            var draws = new uint[count - filled];
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(draws.AsSpan()));
            foreach (var draw in draws)
            {
                var id = (ulong)(draw & int.MaxValue);
                if (seen.Add(id))
                {
                    ids[filled++] = id;
                }
            }
        }

        return ids;
    }
}
