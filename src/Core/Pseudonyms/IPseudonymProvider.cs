namespace Honnin.Pseudonyms;

/// <summary>
/// Something that gives an issuer a person's per-domain pseudonyms at issuance: a <see cref="PseudonymAuthority"/> in
/// process, <see cref="IssuerLocalPseudonyms"/>, or a client of a remote pseudonym authority (the bPK / 機関別符号
/// model, where the issuer never holds the key), or an HSM that computes the HMAC.
/// </summary>
/// <remarks>
/// Implementations derive with the scheme of <see cref="DomainPseudonym"/> and return one value per requested domain,
/// each with <see cref="DomainPseudonym.Domain"/> set (a remote client parses the values it receives with
/// <see cref="DomainPseudonym.Parse(string, PseudonymDomain?)"/>). They refuse a subject reference that is a My Number
/// before it leaves the process (<see cref="DomainPseudonym.IsValidSubjectRef(string)"/>), and never put the subject reference or a key into an exception message or a log.
/// </remarks>
public interface IPseudonymProvider
{
    /// <summary>Derives the pseudonyms of one subject for each of <paramref name="domains"/>, with the current key.</summary>
    /// <param name="subjectRef">The issuer's or authority's internal reference for the person; never the My Number.</param>
    /// <param name="domains">The domains, each at most once.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pseudonym of each domain.</returns>
    ValueTask<IReadOnlyDictionary<PseudonymDomain, DomainPseudonym>> DeriveAsync(
        string subjectRef, IEnumerable<PseudonymDomain> domains, CancellationToken cancellationToken = default);
}
