using System.Text.Json;
using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.DocumentTypes;
using Honnin.Issuer.Logging;
using Honnin.Issuer.Signing;
using Honnin.Issuer.SdJwt;
using Honnin.Jose;
using Honnin.Pseudonyms;
using Honnin.SdJwt;
using Honnin.StatusLists;
using Honnin.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Issuer.SdJwt;

/// <summary>
/// Issues SD-JWT VCs (<c>typ: dc+sd-jwt</c>) for the same document types as the mdoc issuer: every element is its own
/// disclosure (each array element too, where the type says so), each domain pseudonym is its own disclosure under
/// <c>pseudonyms</c>, decoys hide the claim count, <c>iat</c> is coarse, and the holder is bound with <c>cnf.jwk</c>.
/// The header carries <c>x5c</c> with the Document Signer chain, or the signer's <c>kid</c>. Issuance is prepare → sign →
/// complete, as for mdoc, so the key can sign elsewhere; every signature is verified with the signing key before a
/// credential leaves. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class SdJwtVcIssuer
{
    private readonly SdJwtVcIssuerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly JsonArray? _x5c;
    private readonly IssuerSigningKey _signingKey;

    /// <summary>Creates an issuer.</summary>
    /// <param name="options">Signer, issuer identifier and policy.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where each issuance is logged (format and document type only, see <see cref="IssuerEventIds"/>); none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the signer's key is not the signing certificate's.</exception>
    /// <exception cref="SignerCertificateException">The certificate is a CA certificate (<see cref="SignerCertificateException.IsCertificateAuthority"/>), or does not name the issuer (<see cref="SignerCertificateException.IssuerNotInCertificate"/>).</exception>
    public SdJwtVcIssuer(SdJwtVcIssuerOptions options, TimeProvider? timeProvider = null, ILogger<SdJwtVcIssuer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _signingKey = IssuerSigningKey.Create(options.Signer, options.CertificateChain, "signing", leaf =>
        {
            if (SdJwtVcIssuerNames.TryRead(leaf) is not { } names || !names.Names(options.Issuer))
            {
                throw new SignerCertificateException(
                    SignerCertificateException.IssuerNotInCertificate,
                    "The issuer identifier (iss) is not named by the signing certificate: give the certificate a SubjectAltName URI equal to it, or the dNSName of its https host, or use the identifier the certificate names.");
            }
        });
        if (options.CertificateChain.Count > 0)
        {
            _x5c = [.. options.CertificateChain.Select(c => (JsonNode)JsonValue.Create(Convert.ToBase64String(c.Span))!)];
        }
    }

    /// <summary>Issues one credential.</summary>
    /// <param name="request">What to issue.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="InvalidClaimsException">The claims do not fit the document type.</exception>
    /// <exception cref="ArgumentException">The document type is unknown, two namespaces share a claim name, or the validity is inconsistent.</exception>
    /// <exception cref="SignerCertificateException">The signer's certificate is not valid at the issuance time.</exception>
    /// <exception cref="ArgumentException">The signer returned a signature that does not verify with its key (a faulty HSM or remote signer); nothing was issued.</exception>
    public async Task<IssuedSdJwtVc> IssueAsync(SdJwtVcIssuanceRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(request);
        var signature = await _options.Signer.SignAsync(prepared.ToBeSigned, cancellationToken).ConfigureAwait(false);
        return Complete(prepared, signature);
    }

    /// <summary>Prepares a credential for signing elsewhere; finish with <see cref="Complete"/>.</summary>
    /// <param name="request">What to issue.</param>
    /// <returns>The prepared credential and the bytes to sign.</returns>
    /// <exception cref="InvalidClaimsException">The claims do not fit the document type.</exception>
    /// <exception cref="ArgumentException">The document type is unknown, two namespaces share a claim name, or the validity is inconsistent.</exception>
    /// <exception cref="SignerCertificateException">The signer's certificate is not valid at the issuance time.</exception>
    public PreparedSdJwtVc Prepare(SdJwtVcIssuanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.HolderKey);
        var type = IssuanceRules.CheckClaims(_options.DocumentTypes, request.DocType, request.Claims, _options.MyNumbers);
        IssuanceRules.CheckPseudonyms(request.Pseudonyms);
        var issuedAt = IssuanceRules.SigningTime(_timeProvider.GetUtcNow(), _options.TimestampGranularity, _signingKey.NotBefore, _signingKey.NotAfter);
        var (validFrom, validUntil) = IssuanceRules.Validity(issuedAt, request.ValidFrom, request.ValidUntil, _options.ValidityPeriod, _signingKey.NotAfter, nameof(request));

        var claims = new JsonObject
        {
            ["iss"] = _options.Issuer,
            ["vct"] = type.Vct,
            ["iat"] = JwtNumericDate.ToNode(issuedAt),
            ["exp"] = JwtNumericDate.ToNode(validUntil),
        };
        if (validFrom > issuedAt)
        {
            claims["nbf"] = JwtNumericDate.ToNode(validFrom);
        }

        if (request.Status is { } status)
        {
            claims["status"] = status.ToJsonObject();
        }

        var disclosable = new List<ClaimPath>();
        foreach (var (nameSpace, elements) in request.Claims.NameSpaces)
        {
            foreach (var (identifier, value) in elements)
            {
                if (claims.ContainsKey(identifier))
                {
                    throw new ArgumentException($"The claim name '{identifier}' is used twice (or is reserved); SD-JWT VC claims are not namespaced.", nameof(request));
                }

                claims[identifier] = ToJson(value);
                disclosable.Add(ClaimPath.ForClaim(identifier));
                if (type.TryGetElement(nameSpace, identifier, out var element) && element.ArrayElementsDisclosable && value is CborArray)
                {
                    disclosable.Add(ClaimPath.Parse(identifier + "[*]"));
                }
            }
        }

        if (request.Pseudonyms.Count > 0)
        {
            var pseudonyms = new JsonObject();
            foreach (var (domain, value) in request.Pseudonyms)
            {
                pseudonyms[domain.Id] = value;
                disclosable.Add(ClaimPath.Parse(domain.ClaimPath));
            }

            claims[PseudonymDomain.ClaimName] = pseudonyms;
        }

        var builder = new SdJwtBuilder(claims) { Type = "dc+sd-jwt" };
        disclosable.ForEach(path => builder.MakeDisclosable(path));
        builder.AddDecoys(_options.DecoyDigests).WithHolderKey(JsonWebKey.FromCoseKey(request.HolderKey));
        if (_x5c is not null)
        {
            builder.WithHeader("x5c", _x5c.DeepClone());
        }
        else if (_options.Signer.KeyId is { } keyId)
        {
            builder.WithHeader("kid", keyId);
        }

        return new PreparedSdJwtVc(type.Vct, builder.Prepare(_options.Signer.Algorithm, _options.Signer.KeyId));
    }

    /// <summary>Completes a prepared credential with the signature the signer returned, and checks that signature.</summary>
    /// <param name="prepared">The prepared credential.</param>
    /// <param name="signature">The signature over <see cref="PreparedSdJwtVc.ToBeSigned"/>.</param>
    /// <returns>The credential.</returns>
    /// <exception cref="ArgumentException">The signature does not verify with the signing key (the certificate's, or the signer's own without one).</exception>
    public IssuedSdJwtVc Complete(PreparedSdJwtVc prepared, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (!_signingKey.Verify(prepared.Algorithm, prepared.ToBeSigned.Span, signature))
        {
            throw new ArgumentException("The signature does not verify with the signing key; nothing was issued.", nameof(signature));
        }

        var sdJwt = prepared.Draft.Complete(signature);
        IssuerLog.Issued(_logger, CredentialFormat.SdJwtVc, prepared.Vct);
        return new IssuedSdJwtVc(prepared.Vct, sdJwt);
    }

    /// <summary>
    /// Issues a batch of single-use credentials for one holder, one per holder key, each with fresh salts, decoys and
    /// signature and the same coarse <c>iat</c>; pseudonyms are the same in all.
    /// </summary>
    /// <param name="request">What to issue (its holder key is ignored: <paramref name="holderKeys"/> are used).</param>
    /// <param name="holderKeys">One fresh holder key per credential.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The credentials, in the order of the keys.</returns>
    /// <exception cref="ArgumentException">No key is given, or a key is given twice.</exception>
    public Task<IReadOnlyList<IssuedSdJwtVc>> IssueBatchAsync(SdJwtVcIssuanceRequest request, IReadOnlyList<CoseKey> holderKeys, CancellationToken cancellationToken = default) =>
        IssueBatchAsync(request, holderKeys, null, cancellationToken);

    /// <summary>Issues a batch of single-use credentials, each with its own status list entry.</summary>
    /// <param name="request">What to issue (its holder key and status are ignored).</param>
    /// <param name="holderKeys">One fresh holder key per credential.</param>
    /// <param name="statuses">One distinct status entry per credential, in the order of the keys; null for none.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The credentials, in the order of the keys.</returns>
    /// <exception cref="ArgumentException">No key is given, a key is given twice, or the statuses do not give each credential its own entry.</exception>
    public Task<IReadOnlyList<IssuedSdJwtVc>> IssueBatchAsync(SdJwtVcIssuanceRequest request, IReadOnlyList<CoseKey> holderKeys, IReadOnlyList<StatusListReference>? statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BatchIssuance.IssueAsync(holderKeys, nameof(holderKeys), statuses, request.Status, (key, status) => IssueAsync(request with { HolderKey = key, Status = status }, cancellationToken));
    }

    private static JsonNode? ToJson(CborValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            CborJson.Write(writer, value);
        }

        return JsonNode.Parse(stream.ToArray());
    }
}
