using Honnin.Pseudonyms;

namespace Honnin.Issuer.Offers;

/// <summary>What HR asks the issuer service to offer one employee.</summary>
/// <param name="Type">The document type: an alias (<c>withholding-slip</c>) or a docType.</param>
/// <param name="Format">The format to issue in.</param>
/// <param name="Claims">The claims, as JSON: element ids as keys (namespace objects allowed), dates as YYYY-MM-DD.</param>
public sealed record OfferRequest(string Type, CredentialFormat Format, string Claims)
{
    /// <summary>How many single-use credentials to issue (one key each), at most the service's batch size.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Whether the wallet must send a transaction code (<c>tx_code</c>) that HR gives the employee apart from the offer.</summary>
    public bool TransactionCode { get; init; }

    /// <summary>Whether HR approves later: the wallet's request is deferred until <c>ApproveAsync</c>.</summary>
    public bool RequiresApproval { get; init; }

    /// <summary>
    /// The employee's id in HR's system, when the employee may also receive the offer through the authorization code
    /// flow: the offer then carries an <c>authorization_code</c> grant too, and only a person the host's sign-in
    /// authenticates with this id gets its credentials that way. Null offers the pre-authorized code only.
    /// </summary>
    public string? Employee { get; init; }

    /// <summary>Per-domain pseudonyms the credentials carry (derived by the HR system's pseudonym authority).</summary>
    public IReadOnlyDictionary<PseudonymDomain, string> Pseudonyms { get; init; } = new Dictionary<PseudonymDomain, string>();

    /// <summary>Names the type and format only; the claims are personal data.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"OfferRequest({Type}, {Format}, batch {BatchSize})";
}

/// <summary>An offer the service created: what HR hands the employee.</summary>
/// <param name="OfferId">The offer's id, for HR's later calls (approve, withdraw, revoke).</param>
/// <param name="Offer">The Credential Offer.</param>
/// <param name="Link">The <c>openid-credential-offer://</c> link carrying the offer by reference (short, for a QR code).</param>
/// <param name="LinkByValue">The same offer by value.</param>
/// <param name="TransactionCode">The transaction code to give the employee through another channel, or null.</param>
/// <param name="ExpiresAt">When the offer stops working.</param>
public sealed record CreatedOffer(string OfferId, OpenId4Vc.CredentialOffer Offer, string Link, string LinkByValue, string? TransactionCode, DateTimeOffset ExpiresAt)
{
    /// <summary>Names the offer only; links and codes are secrets.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"CreatedOffer({OfferId})";
}

/// <summary>HR's offer request cannot be served; nothing was created.</summary>
public sealed class OfferRequestException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">A stable code.</param>
    /// <param name="message">What is wrong, without claim values.</param>
    /// <param name="problems">The claims' problems, if that is what is wrong.</param>
    public OfferRequestException(string code, string message, IReadOnlyList<DocumentTypes.ClaimProblem>? problems = null)
        : base(message)
    {
        Code = code;
        Problems = problems ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public OfferRequestException()
        : this("offer_refused", "The offer request was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public OfferRequestException(string message)
        : this("offer_refused", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OfferRequestException(string message, Exception innerException)
        : base(message, innerException) => Code = "offer_refused";

    /// <summary>The stable code: <c>unknown_document_type</c>, <c>format_not_offered</c>, <c>batch_too_large</c>, <c>claims_do_not_fit</c>.</summary>
    public string Code { get; }

    /// <summary>The claims' problems.</summary>
    public IReadOnlyList<DocumentTypes.ClaimProblem> Problems { get; } = [];
}
