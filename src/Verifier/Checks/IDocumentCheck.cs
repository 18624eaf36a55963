namespace Honnin.Verifier.Checks;

/// <summary>
/// A check a host adds to a verifier (<c>DocumentChecks</c> of <see cref="Mdoc.MdocVerifierOptions"/> or
/// <see cref="SdJwt.SdJwtVcVerifierOptions"/>): it runs, in the order given, on each document that passed the fixed
/// secure core (decoding, issuer signature and trust, type, validity, digests or disclosures, holder binding) and
/// Honnin's own post-core checks, and sees the document as the result would report it. A document that fails a host
/// check is not in the result, and the result is not valid. Examples: an allow-list of issuers, a business rule on a
/// disclosed value, a revocation lookup a host runs itself.
/// </summary>
/// <remarks>
/// A check is shared by every call of a verifier, so it must be thread-safe. An exception thrown by a check does not
/// escape <c>Verify</c>: the document fails with <see cref="VerificationFailureCodes.DocumentCheckError"/> and the
/// exception's type (never its message, which might quote a value).
/// </remarks>
public interface IDocumentCheck
{
    /// <summary>The check's name in <see cref="VerificationResult.Checks"/>; unique among a verifier's checks.</summary>
    string Name { get; }

    /// <summary>Checks one document.</summary>
    /// <param name="context">The document and the means to report failures and warnings.</param>
    /// <returns><see cref="CheckStatus.Passed"/>, or the value of <see cref="DocumentCheckContext.Fail"/>.</returns>
    CheckStatus Run(DocumentCheckContext context);
}
