namespace Honnin.Pseudonyms;

/// <summary>
/// Pseudonyms computed by the issuer itself, with a key ring only this issuer holds: no infrastructure beyond the
/// issuer's own secret store, but different issuers give the same person different values in the same domain.
/// </summary>
/// <remarks>
/// <para>
/// Choose issuer-local pseudonyms when there is no pseudonym authority, or when a domain only needs to join the
/// credentials of one issuer — a university's education-domain pseudonym for its own enrolment certificates, an
/// employer's for the slips it issues over the years. Two employers' withholding slips then carry different
/// <c>tax</c> values for the same employee, and the tax domain cannot join them through the pseudonym. Choose a
/// <see cref="PseudonymAuthority"/> when values must be stable across issuers inside a domain.
/// </para>
/// <para>
/// The derivation is the same as an authority's; only who holds the key differs. <c>subjectRef</c> is the issuer's
/// internal reference (an employee or student number, never the My Number; a 12-digit numeric reference needs a prefix
/// such as <c>emp:</c>, since one in eleven of them would pass the My Number check). The issuer knows its key, so it can
/// recognise its own values wherever it sees them (threat T5 of the design notes); keep the key away from systems that
/// receive presentations. Keys rotate as for an authority. The type does not own the keys of its ring. It has no
/// mutable state and is safe to use from many threads.
/// </para>
/// </remarks>
public sealed class IssuerLocalPseudonyms : IPseudonymProvider
{
    /// <summary>Creates the issuer's pseudonym source over its key ring.</summary>
    /// <param name="keys">The key ring; its current key derives new values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    public IssuerLocalPseudonyms(PseudonymKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
    }

    /// <summary>The key ring.</summary>
    public PseudonymKeyRing Keys { get; }

    /// <summary>Derives the pseudonym of a subject in a domain with the current key.</summary>
    /// <param name="subjectRef">The subject reference: 1–256 UTF-8 bytes, never a My Number.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The pseudonym, with <see cref="DomainPseudonym.Domain"/> set.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The subject reference is empty, longer than 256 UTF-8 bytes, not well-formed UTF-16, or a My Number.</exception>
    /// <exception cref="ObjectDisposedException">The current key was disposed.</exception>
    public DomainPseudonym Derive(string subjectRef, PseudonymDomain domain) =>
        PseudonymDerivation.Derive(Keys.Current, subjectRef, domain);

    /// <summary>Derives the pseudonym of a subject in a domain with a given key of the ring, e.g. an old one during rotation.</summary>
    /// <param name="subjectRef">The subject reference: 1–256 UTF-8 bytes, never a My Number.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="keyId">The id of a key in the ring.</param>
    /// <returns>The pseudonym, with <see cref="DomainPseudonym.Domain"/> set.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The ring holds no such key, or the subject reference is not acceptable.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public DomainPseudonym Derive(string subjectRef, PseudonymDomain domain, string keyId) =>
        PseudonymDerivation.Derive(Keys, subjectRef, domain, keyId);

    /// <summary>Derives the pseudonyms of a subject for several domains with the current key.</summary>
    /// <param name="subjectRef">The subject reference: 1–256 UTF-8 bytes, never a My Number.</param>
    /// <param name="domains">The domains, each at most once.</param>
    /// <returns>The pseudonym of each domain.</returns>
    /// <exception cref="ArgumentNullException">An argument or a domain is null.</exception>
    /// <exception cref="ArgumentException">A domain occurs twice, or the subject reference is not acceptable.</exception>
    /// <exception cref="ObjectDisposedException">The current key was disposed.</exception>
    public IReadOnlyDictionary<PseudonymDomain, DomainPseudonym> DeriveMany(string subjectRef, IEnumerable<PseudonymDomain> domains) =>
        PseudonymDerivation.DeriveMany(Keys, subjectRef, domains);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">An argument or a domain is null.</exception>
    /// <exception cref="ArgumentException">A domain occurs twice, or the subject reference is not acceptable.</exception>
    /// <exception cref="ObjectDisposedException">The current key was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<IReadOnlyDictionary<PseudonymDomain, DomainPseudonym>> DeriveAsync(
        string subjectRef, IEnumerable<PseudonymDomain> domains, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(DeriveMany(subjectRef, domains));
    }

    /// <summary>
    /// Whether a value is the subject's pseudonym in the domain under the ring's key of the value's key id — current or
    /// previous — compared in constant time. False for a key id the ring does not hold, or a value of another domain.
    /// </summary>
    /// <param name="subjectRef">The subject reference.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="pseudonym">The value, e.g. as a domain stored it.</param>
    /// <returns>True when the value is the subject's.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The subject reference is not acceptable.</exception>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public bool Matches(string subjectRef, PseudonymDomain domain, DomainPseudonym pseudonym) =>
        PseudonymDerivation.Matches(Keys, subjectRef, domain, pseudonym);
}
