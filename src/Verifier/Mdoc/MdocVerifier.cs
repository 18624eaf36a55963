using Honnin.Mdoc;
using Honnin.Verifier.Mdoc.Checks;
using Honnin.Verifier.Trust;
using Honnin.X509;

namespace Honnin.Verifier.Mdoc;

/// <summary>
/// Verifies ISO/IEC 18013-5 DeviceResponses. The pipeline is fixed: decode → response status → per document:
/// issuer signature (<c>x5chain[0]</c>) → trust chain and Document Signer profile → MSO docType → validity →
/// digests of every disclosed item over the received bytes → device authentication → pseudonym domain → required elements.
/// A credential that is malformed, forged, expired or untrusted gives a failed <see cref="VerificationResult"/>,
/// never an exception. Instances are safe to share between threads; their policy is fixed when they are built.
/// </summary>
/// <remarks>
/// Each instance keeps the Document Signer chains it has validated (at most 256, least recently used out), keyed by the
/// SHA-256 of the received x5chain: a later response with the same chain skips parsing the certificates and building
/// the chain, re-checks the validity periods at the new verification time, and still verifies <c>issuerAuth</c>. A
/// chain that failed is never kept.
/// </remarks>
public sealed class MdocVerifier
{
    private const string DecodeCheck = "decode";
    private const string StatusCheck = "response_status";

    private static readonly IMdocCheck[] CoreChecks =
    [
        new IssuerSignatureCheck(),
        new IssuerTrustCheck(),
        new DocTypeCheck(),
        new ValidityCheck(),
        new DigestCheck(),
        new DeviceAuthenticationCheck(),
        new PseudonymDomainCheck(),
    ];

    private static readonly RequiredElementsCheck RequiredElements = new();

    private readonly MdocVerifierOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly HashSet<string> _mandatory;
    private readonly CertificateChainValidator _chainValidator;

    // Document Signer chains this verifier has validated, keyed by their bytes: a hit skips loading the certificates
    // and building the X509Chain (about 4.7 ECDSA verifications) and re-checks only the time.
    private readonly ValidatedChainCache _chainCache = new();

    /// <summary>Creates a verifier with a validated policy.</summary>
    /// <param name="options">The policy: trust anchors, clock skew, algorithms.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MdocVerifier(MdocVerifierOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _chainValidator = new CertificateChainValidator(
            options.TrustAnchors,
            MdocCertificateRole.DocumentSigner,
            new CertificateChainValidationOptions { ClockSkew = options.ClockSkew });
        _mandatory = [DecodeCheck, StatusCheck, .. CoreChecks.Select(c => c.Name)];
        if (options.RequiredElements.Count > 0)
        {
            _mandatory.Add(RequiredElements.Name);
        }
    }

    /// <summary>Decodes and verifies a DeviceResponse.</summary>
    /// <param name="deviceResponse">The encoded DeviceResponse, as received.</param>
    /// <param name="session">The session transcript, and the reader's ephemeral key when a device MAC is expected.</param>
    /// <returns>The result; never throws for a bad credential.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    public VerificationResult Verify(ReadOnlyMemory<byte> deviceResponse, MdocSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!DeviceResponse.TryDecode(deviceResponse, out var response, out var error, _options.DecodeOptions))
        {
            return new VerificationResult(
                [new CheckOutcome(DecodeCheck, CheckStatus.Failed, null)],
                [new VerificationFailure(error.Code, error.Message)],
                [],
                _mandatory);
        }

        return Verify(response, session);
    }

    /// <summary>Verifies a decoded DeviceResponse.</summary>
    /// <param name="response">The response.</param>
    /// <param name="session">The session transcript, and the reader's ephemeral key when a device MAC is expected.</param>
    /// <returns>The result; never throws for a bad credential.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VerificationResult Verify(DeviceResponse response, MdocSession session)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(session);
        var checks = new List<CheckOutcome> { new(DecodeCheck, CheckStatus.Passed, null) };
        var failures = new List<VerificationFailure>();
        var documents = new List<VerifiedDocument>();

        var statusOk = response.Status == DeviceResponse.StatusOk;
        checks.Add(new CheckOutcome(StatusCheck, statusOk ? CheckStatus.Passed : CheckStatus.Failed, null));
        if (!statusOk)
        {
            failures.Add(new VerificationFailure(VerificationFailureCodes.ResponseStatus, $"The DeviceResponse status is {response.Status}, not 0 (OK)."));
        }

        if (response.Documents.Count == 0)
        {
            failures.Add(new VerificationFailure(VerificationFailureCodes.NoDocuments, "The DeviceResponse holds no document."));
        }

        var now = _timeProvider.GetUtcNow();
        for (var index = 0; index < response.Documents.Count; index++)
        {
            var document = response.Documents[index];
            var context = new MdocDocumentContext(document, index, session, _options, _chainValidator, _chainCache, now, failures);
            var before = failures.Count;
            try
            {
                foreach (var check in CoreChecks)
                {
                    checks.Add(new CheckOutcome(check.Name, check.Run(context), index));
                }

                if (_options.RequiredElements.Count > 0)
                {
                    checks.Add(new CheckOutcome(RequiredElements.Name, RequiredElements.Run(context), index));
                }
            }
            finally
            {
                foreach (var certificate in context.IssuerChain)
                {
                    certificate.Dispose();
                }
            }

            if (failures.Count == before)
            {
                documents.Add(ToVerifiedDocument(document, context));
            }
        }

        return new VerificationResult(checks, failures, documents, _mandatory);
    }

    private static VerifiedDocument ToVerifiedDocument(MdocDocument document, MdocDocumentContext context)
    {
        var elements = new Dictionary<string, IReadOnlyDictionary<string, Cbor.CborValue>>(StringComparer.Ordinal);
        foreach (var (nameSpace, items) in document.IssuerSigned.NameSpaces)
        {
            elements[nameSpace] = items.ToDictionary(i => i.ElementIdentifier, i => i.ElementValue, StringComparer.Ordinal);
        }

        var validity = context.Mso.ValidityInfo;
        return new VerifiedDocument(CredentialFormat.Mdoc, document.DocType, elements, null, validity.ValidFrom, validity.ValidUntil, context.IssuerSubject, context.SubjectKeys.Count > 0 ? context.SubjectKeys.AsReadOnly() : null);
    }
}
