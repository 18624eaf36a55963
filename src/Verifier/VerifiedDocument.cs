using Honnin.Cbor;

namespace Honnin.Verifier;

/// <summary>A document that passed verification, with the elements the holder disclosed.</summary>
/// <param name="DocType">The document type (mdoc docType or SD-JWT VC vct).</param>
/// <param name="Elements">Disclosed elements: namespace → element identifier → typed value.</param>
/// <param name="ValidFrom">Start of the credential's validity.</param>
/// <param name="ValidUntil">End of the credential's validity.</param>
/// <param name="IssuerSubject">The issuer certificate's subject name, when the issuer was identified by a certificate.</param>
public sealed record VerifiedDocument(
    string DocType,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, CborValue>> Elements,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    string? IssuerSubject);
