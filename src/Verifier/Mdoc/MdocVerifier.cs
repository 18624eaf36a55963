using Honnin.Cbor;
using Honnin.Mdoc;
using Honnin.Verifier.Checks;
using Honnin.Verifier.Status;
using Honnin.Verifier.Mdoc.Checks;
using Honnin.Verifier.Trust;
using Honnin.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Verifier.Mdoc;

/// <summary>
/// Verifies ISO/IEC 18013-5 DeviceResponses. The pipeline is fixed: decode → response status → no document twice → per document:
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
    private const string ResponseStatusCheck = "response_status";
    private const string UniqueDocumentsCheck = "unique_documents";

    private static readonly IFormatCheck<MdocDocumentContext>[] CoreChecks =
    [
        new IssuerSignatureCheck(),
        new IssuerTrustCheck(),
        new DocTypeCheck(),
        new ValidityCheck(),
        new DigestCheck(),
        new DeviceAuthenticationCheck(),
        new StatusCheck(),
        new PseudonymDomainCheck(),
    ];

    private static readonly RequiredElementsCheck RequiredElements = new();

    /// <summary>The names of the verifier's own checks, which a host's document check may not take.</summary>
    internal static IEnumerable<string> CheckNames => [VerifierPipeline<MdocDocumentContext>.DecodeCheck, ResponseStatusCheck, UniqueDocumentsCheck, .. CoreChecks.Select(c => c.Name), RequiredElements.Name];

    private readonly MdocVerifierOptions _options;
    private readonly StatusStep _status;
    private readonly VerifierPipeline<MdocDocumentContext> _pipeline;
    private readonly HashSet<string> _issuerSignedMandatory;
    private readonly CertificateChainValidator? _chainValidator;
    private readonly PinnedSigners _pinned;

    // The first reading is strict about shortest encodings, so that one the policy accepts is always reported.
    private readonly CborDecodeOptions _strictDecodeOptions;
    private readonly CborDecodeOptions _lenientDecodeOptions;

    // Document Signer chains this verifier has validated, keyed by their bytes: a hit skips loading the certificates
    // and building the X509Chain (about 4.7 ECDSA verifications) and re-checks only the time.
    private readonly ValidatedChainCache _chainCache = new();

    /// <summary>Creates a verifier with a validated policy.</summary>
    /// <param name="options">The policy: trust anchors, clock skew, algorithms.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where each result is logged (codes and document types only, see <see cref="Logging.VerifierEventIds"/>); none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MdocVerifier(MdocVerifierOptions options, TimeProvider? timeProvider = null, ILogger<MdocVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _status = new StatusStep(options.StatusCheck, options.StatusLists, CredentialFormat.Mdoc, logger ?? (ILogger)NullLogger.Instance);
        _chainValidator = options.TrustAnchors is { } anchors
            ? new CertificateChainValidator(anchors, MdocCertificateRole.DocumentSigner, new CertificateChainValidationOptions { ClockSkew = options.ClockSkew })
            : null;
        _pinned = PinnedSigners.Create(options.PinnedDocumentSigners, nameof(options.PinnedDocumentSigners));
        _strictDecodeOptions = options.DecodeOptions with { RequireShortestEncoding = true };
        _lenientDecodeOptions = options.DecodeOptions with { RequireShortestEncoding = false };
        IFormatCheck<MdocDocumentContext>[] postCore = options.RequiredElements.Count > 0 ? [RequiredElements] : [];
        _pipeline = new VerifierPipeline<MdocDocumentContext>(CredentialFormat.Mdoc, [ResponseStatusCheck, UniqueDocumentsCheck], CoreChecks, postCore, options.DocumentChecks, timeProvider, logger);

        // An IssuerSigned credential on its own has no response around it and no device signature to authenticate.
        var notApplicable = new[] { ResponseStatusCheck, UniqueDocumentsCheck, CoreChecks.OfType<DeviceAuthenticationCheck>().Single().Name };
        _issuerSignedMandatory = new HashSet<string>(_pipeline.Mandatory.Except(notApplicable, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>Decodes and verifies a DeviceResponse.</summary>
    /// <param name="deviceResponse">The encoded DeviceResponse, as received.</param>
    /// <param name="session">The session transcript, and the reader's ephemeral key when a device MAC is expected.</param>
    /// <returns>The result; never throws for a bad credential.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    public VerificationResult Verify(ReadOnlyMemory<byte> deviceResponse, MdocSession session) =>
        _status.Unchecked(VerifyResponse(deviceResponse, session));

    /// <summary>
    /// Decodes and verifies a DeviceResponse as <see cref="Verify(ReadOnlyMemory{byte}, MdocSession)"/> does, then checks
    /// each document's Token Status List entry by <see cref="MdocVerifierOptions.StatusCheck"/> (fetching through
    /// <see cref="MdocVerifierOptions.StatusLists"/>): a revoked, suspended or unavailable status fails the document.
    /// </summary>
    /// <param name="deviceResponse">The encoded DeviceResponse, as received.</param>
    /// <param name="session">The session transcript, and the reader's ephemeral key when a device MAC is expected.</param>
    /// <param name="cancellationToken">Cancels a status list fetch.</param>
    /// <returns>The result; never throws for a bad credential.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="session"/> is null.</exception>
    public Task<VerificationResult> VerifyAsync(ReadOnlyMemory<byte> deviceResponse, MdocSession session, CancellationToken cancellationToken = default) =>
        _status.CheckAsync(VerifyResponse(deviceResponse, session), cancellationToken);


    /// <summary>
    /// Verifies an IssuerSigned credential on its own, as an issuer handed it over and before a wallet stores it, or as
    /// an archive keeps it: issuer signature, trust, validity, digests, pseudonym domains, required elements and the
    /// host's document checks, as for a document of a DeviceResponse. No holder is authenticated (there is no device
    /// signature), so this never proves that the person presented it: the result lists device authentication as not
    /// run, and a presentation must be verified with <see cref="Verify(ReadOnlyMemory{byte}, MdocSession)"/>.
    /// </summary>
    /// <param name="issuerSigned">The encoded IssuerSigned structure.</param>
    /// <param name="at">The verification time; the verifier's clock when null.</param>
    /// <returns>The result; never throws for a bad credential.</returns>
    public VerificationResult VerifyIssuerSigned(ReadOnlyMemory<byte> issuerSigned, DateTimeOffset? at = null) =>
        _status.Unchecked(VerifyIssuerSignedCore(issuerSigned, at));


    private static bool TryDecodeIssuerSigned(ReadOnlyMemory<byte> bytes, CborDecodeOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IssuerSigned? decoded, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out CredentialFormatException? error)
    {
        try
        {
            decoded = IssuerSigned.Decode(CborDecoder.Decode(bytes, options), options);
            error = null;
            return true;
        }
        catch (CredentialFormatException e)
        {
            decoded = null;
            error = e;
            return false;
        }
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
        return _status.Unchecked(Verify(response, session, []));
    }

    /// <summary>Verifies a decoded DeviceResponse, then checks each document's Token Status List entry (see <see cref="VerifyAsync(ReadOnlyMemory{byte}, MdocSession, CancellationToken)"/>).</summary>
    /// <param name="response">The response.</param>
    /// <param name="session">The session transcript, and the reader's ephemeral key when a device MAC is expected.</param>
    /// <param name="cancellationToken">Cancels a status list fetch.</param>
    /// <returns>The result; never throws for a bad credential.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<VerificationResult> VerifyAsync(DeviceResponse response, MdocSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(session);
        return _status.CheckAsync(Verify(response, session, []), cancellationToken);
    }

    private VerificationResult VerifyResponse(ReadOnlyMemory<byte> deviceResponse, MdocSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        List<VerificationWarning> warnings = [];
        if (!DeviceResponse.TryDecode(deviceResponse, out var response, out var error, _strictDecodeOptions))
        {
            // Digests, signatures and MACs are over the received bytes and keys are compared as decoded values, so a
            // non-shortest head changes nothing that is verified: read again without that rule, and say so (also when
            // the second reading fails for another reason).
            if (error.Code == CborFailureCodes.NonShortestEncoding && _options.AcceptNonShortestEncoding)
            {
                warnings.Add(new VerificationWarning(
                    VerificationWarningCodes.NonShortestEncoding,
                    "The response holds integers, lengths or tags that are not in their shortest encoding (ISO/IEC 18013-5 clause 8.1); digests and signatures were checked over the received bytes."));
                _ = DeviceResponse.TryDecode(deviceResponse, out response, out error, _lenientDecodeOptions);
            }

            if (response is null)
            {
                return _pipeline.DecodeFailed(error!, null, _pipeline.Mandatory, warnings);
            }
        }

        return Verify(response, session, warnings);
    }
    private VerificationResult VerifyIssuerSignedCore(ReadOnlyMemory<byte> issuerSigned, DateTimeOffset? at)
    {
        List<VerificationWarning> warnings = [];
        var checks = new List<CheckOutcome>();
        var failures = new List<VerificationFailure>();
        var mandatory = _issuerSignedMandatory;
        if (!TryDecodeIssuerSigned(issuerSigned, _strictDecodeOptions, out var decoded, out var error)
            && error.Code == CborFailureCodes.NonShortestEncoding && _options.AcceptNonShortestEncoding)
        {
            warnings.Add(new VerificationWarning(
                VerificationWarningCodes.NonShortestEncoding,
                "The credential holds integers, lengths or tags that are not in their shortest encoding (ISO/IEC 18013-5 clause 8.1); digests and signatures were checked over the received bytes."));
            _ = TryDecodeIssuerSigned(issuerSigned, _lenientDecodeOptions, out decoded, out error);
        }

        if (decoded is null)
        {
            return _pipeline.DecodeFailed(error!, null, mandatory, warnings);
        }

        checks.Add(new CheckOutcome(VerifierPipeline<MdocDocumentContext>.DecodeCheck, CheckStatus.Passed, null));
        var now = _pipeline.Now(at);
        var context = new MdocDocumentContext(decoded, decoded.MobileSecurityObject.DocType, null, 0, null, _options, _chainValidator, _pinned, _chainCache, now, failures);
        var verified = _pipeline.RunDocument(context, 0, ToVerifiedDocument, now, checks, failures, warnings);
        return _pipeline.Finish(checks, failures, verified is null ? [] : [verified], mandatory, warnings);
    }
    private VerificationResult Verify(DeviceResponse response, MdocSession session, List<VerificationWarning> warnings)
    {
        var checks = new List<CheckOutcome> { new(VerifierPipeline<MdocDocumentContext>.DecodeCheck, CheckStatus.Passed, null) };
        var failures = new List<VerificationFailure>();
        var documents = new List<VerifiedDocument>();

        var statusOk = response.Status == DeviceResponse.StatusOk;
        checks.Add(new CheckOutcome(ResponseStatusCheck, statusOk ? CheckStatus.Passed : CheckStatus.Failed, null));
        if (!statusOk)
        {
            failures.Add(new VerificationFailure(VerificationFailureCodes.ResponseStatus, $"The DeviceResponse status is {response.Status}, not 0 (OK)."));
        }

        if (response.Documents.Count == 0)
        {
            failures.Add(new VerificationFailure(VerificationFailureCodes.NoDocuments, "The DeviceResponse holds no document."));
        }

        var unique = CheckUniqueDocuments(response.Documents, failures);
        checks.Add(new CheckOutcome(UniqueDocumentsCheck, unique ? CheckStatus.Passed : CheckStatus.Failed, null));

        var now = _pipeline.Now(session.At);
        for (var index = 0; index < response.Documents.Count; index++)
        {
            var document = response.Documents[index];
            var context = new MdocDocumentContext(document.IssuerSigned, document.DocType, document, index, session, _options, _chainValidator, _pinned, _chainCache, now, failures);
            if (_pipeline.RunDocument(context, index, ToVerifiedDocument, now, checks, failures, warnings) is { } verified)
            {
                documents.Add(verified);
            }
        }

        return _pipeline.Finish(checks, failures, documents, _pipeline.Mandatory, warnings);
    }

    /// <summary>
    /// Refuses a response that carries one credential twice: two documents whose <c>issuerAuth</c> signs the same
    /// MobileSecurityObject (the same payload bytes).
    /// </summary>
    /// <remarks>
    /// What "the same document" means. ISO/IEC 18013-5 lets a response carry several documents (one per DocRequest), and
    /// nothing limits a DeviceRequest to one DocRequest per docType: a person may hold two vehicle registrations or two
    /// enrollment certificates, and the second edition's request information (issuer identifiers, unique document sets)
    /// presumes several candidate documents of one type. So a repeated docType is legitimate and is not refused. The MSO is
    /// what identifies an issued credential: it holds the digests of salted items and the device key, so two different
    /// credentials never share one, and a second document with the same MSO bytes is the same credential presented again,
    /// whatever its unsigned parts (unprotected headers, the choice of items, deviceSigned) look like. Comparing whole
    /// issuerAuth bytes would miss a copy whose unprotected header was re-encoded, and comparing signatures would miss the
    /// second valid ECDSA signature (r, n − s) anyone can derive. Not refused: two credentials of one batch (different MSOs,
    /// the same claims), which are different credentials by design; a verifier that adds up values across documents joins
    /// them on a subject key, not on the document count.
    /// </remarks>
    private static bool CheckUniqueDocuments(IReadOnlyList<MdocDocument> documents, List<VerificationFailure> failures)
    {
        if (documents.Count < 2)
        {
            return true;
        }

        var unique = true;
        var seen = new Dictionary<ReadOnlyMemory<byte>, int>(PayloadComparer.Instance);
        for (var index = 0; index < documents.Count; index++)
        {
            var payload = documents[index].IssuerSigned.IssuerAuth.Payload ?? ReadOnlyMemory<byte>.Empty;
            if (!seen.TryAdd(payload, index))
            {
                unique = false;
                failures.Add(new VerificationFailure(
                    VerificationFailureCodes.DuplicateDocument,
                    $"Document {index} carries the same MobileSecurityObject as document {seen[payload]}: one credential is presented twice.",
                    index));
            }
        }

        return unique;
    }

    private sealed class PayloadComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static PayloadComparer Instance { get; } = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Span);
            return hash.ToHashCode();
        }
    }

    private static VerifiedDocument ToVerifiedDocument(MdocDocumentContext context)
    {
        var elements = new Dictionary<string, IReadOnlyDictionary<string, Cbor.CborValue>>(StringComparer.Ordinal);
        foreach (var (nameSpace, items) in context.IssuerSigned.NameSpaces)
        {
            elements[nameSpace] = items.ToDictionary(i => i.ElementIdentifier, i => i.ElementValue, StringComparer.Ordinal);
        }

        var validity = context.Mso.ValidityInfo;
        return new VerifiedDocument(CredentialFormat.Mdoc, context.DocType, elements, null, validity.ValidFrom, validity.ValidUntil, context.IssuerSubject, context.SubjectKeys.Count > 0 ? context.SubjectKeys.AsReadOnly() : null, context.StatusReference);
    }
}
