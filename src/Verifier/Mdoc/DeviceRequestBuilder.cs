using Honnin.Cbor;
using Honnin.Cose;
using Honnin.Crypto;
using Honnin.Mdoc;

namespace Honnin.Verifier.Mdoc;

/// <summary>
/// Builds a DeviceRequest: the elements asked for per document, each with intent to retain, optionally signed with the
/// reader's key (<c>readerAuth</c> over ReaderAuthenticationBytes, with the reader certificate chain in <c>x5chain</c>;
/// the reader certificate carries EKU 1.0.18013.5.1.6).
/// </summary>
public sealed class DeviceRequestBuilder
{
    private const long IssuedAtClaim = 6;
    private const long ExpiresAtClaim = 4;

    private readonly List<(string DocType, Dictionary<string, Dictionary<string, bool>> NameSpaces)> _documents = [];

    /// <summary>Asks for an element.</summary>
    /// <param name="docType">The document type.</param>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The element identifier.</param>
    /// <param name="intentToRetain">Whether the verifier will keep the value after the transaction.</param>
    /// <returns>This builder.</returns>
    public DeviceRequestBuilder Request(string docType, string nameSpace, string identifier, IntentToRetain intentToRetain)
    {
        ArgumentException.ThrowIfNullOrEmpty(docType);
        ArgumentException.ThrowIfNullOrEmpty(nameSpace);
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var document = _documents.FirstOrDefault(d => d.DocType == docType);
        if (document.NameSpaces is null)
        {
            document = (docType, new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal));
            _documents.Add(document);
        }

        if (!document.NameSpaces.TryGetValue(nameSpace, out var elements))
        {
            elements = new Dictionary<string, bool>(StringComparer.Ordinal);
            document.NameSpaces[nameSpace] = elements;
        }

        elements[identifier] = intentToRetain == IntentToRetain.Retain;
        return this;
    }

    /// <summary>Builds the request without reader authentication.</summary>
    /// <returns>The request.</returns>
    /// <exception cref="InvalidOperationException">Nothing was requested.</exception>
    public DeviceRequest Build() => DeviceRequest.Create([.. Items().Select(i => DocRequest.Create(i))]);

    /// <summary>
    /// Builds the request with <c>readerAuth</c> on every document request, for an ISO/IEC 18013-5 proximity session
    /// (its transcript holds the session's ephemeral keys, so the request needs no time of its own). Outside such a
    /// session use the overload with <c>issuedAt</c>: a wallet refuses a readerAuth without time there.
    /// </summary>
    /// <param name="transcript">The session transcript the signature covers.</param>
    /// <param name="readerKey">The reader's signing key.</param>
    /// <param name="readerCertificateChain">The reader certificate (DER) first, then intermediates.</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The request.</returns>
    /// <exception cref="InvalidOperationException">Nothing was requested.</exception>
    public Task<DeviceRequest> BuildAsync(SessionTranscript transcript, ISigner readerKey, IReadOnlyList<ReadOnlyMemory<byte>> readerCertificateChain, CancellationToken cancellationToken = default) =>
        BuildCoreAsync(transcript, readerKey, readerCertificateChain, null, cancellationToken);

    /// <summary>
    /// Builds the request with <c>readerAuth</c> on every document request, stating when it was made and until when it
    /// may be answered: a protected <c>CWT Claims</c> header (label 15, RFC 9597) with <c>iat</c> and <c>exp</c>, so a
    /// wallet refuses the request once it is stale.
    /// </summary>
    /// <param name="transcript">The session transcript the signature covers.</param>
    /// <param name="readerKey">The reader's signing key.</param>
    /// <param name="readerCertificateChain">The reader certificate (DER) first, then intermediates.</param>
    /// <param name="issuedAt">The <c>iat</c>, normally from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="lifetime">How long the request may be answered (<c>exp</c> − <c>iat</c>).</param>
    /// <param name="cancellationToken">Cancels signing.</param>
    /// <returns>The request.</returns>
    /// <exception cref="InvalidOperationException">Nothing was requested.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive.</exception>
    public Task<DeviceRequest> BuildAsync(SessionTranscript transcript, ISigner readerKey, IReadOnlyList<ReadOnlyMemory<byte>> readerCertificateChain, DateTimeOffset issuedAt, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var iat = issuedAt.ToUnixTimeSeconds();
        var claims = CborMap.FromLabels((IssuedAtClaim, new CborInteger(iat)), (ExpiresAtClaim, new CborInteger(iat + (long)lifetime.TotalSeconds)));
        return BuildCoreAsync(transcript, readerKey, readerCertificateChain, CborMap.FromLabels((CoseHeaderLabels.CwtClaims, claims)), cancellationToken);
    }

    private async Task<DeviceRequest> BuildCoreAsync(SessionTranscript transcript, ISigner readerKey, IReadOnlyList<ReadOnlyMemory<byte>> readerCertificateChain, CborMap? protectedHeaders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(readerKey);
        ArgumentNullException.ThrowIfNull(readerCertificateChain);
        if (readerCertificateChain.Count == 0)
        {
            throw new ArgumentException("The reader certificate is required.", nameof(readerCertificateChain));
        }

        CborValue x5chain = readerCertificateChain.Count == 1
            ? new CborByteString(readerCertificateChain[0])
            : new CborArray(readerCertificateChain.Select(c => (CborValue)new CborByteString(c)));
        var requests = new List<DocRequest>();
        foreach (var items in Items())
        {
            var payload = ReaderAuthentication.BuildBytes(transcript.EncodedBytes.Span, items);
            var readerAuth = await CoseSign1Message.CreateAsync(readerKey, payload, CosePayloadMode.Detached, protectedHeaders, CborMap.FromLabels((CoseHeaderLabels.X5Chain, x5chain)), cancellationToken).ConfigureAwait(false);
            requests.Add(DocRequest.Create(items, readerAuth));
        }

        return DeviceRequest.Create(requests);
    }

    private List<ItemsRequest> Items()
    {
        if (_documents.Count == 0)
        {
            throw new InvalidOperationException("Request at least one element.");
        }

        return [.. _documents.Select(d => ItemsRequest.Create(d.DocType, d.NameSpaces.ToDictionary(ns => ns.Key, ns => (IReadOnlyDictionary<string, bool>)ns.Value, StringComparer.Ordinal)))];
    }
}
