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
public sealed class IssuerLocalPseudonyms : KeyedPseudonymProvider
{
    /// <summary>Creates the issuer's pseudonym source over its key ring.</summary>
    /// <param name="keys">The key ring; its current key derives new values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    public IssuerLocalPseudonyms(PseudonymKeyRing keys)
        : base(keys)
    {
    }
}
