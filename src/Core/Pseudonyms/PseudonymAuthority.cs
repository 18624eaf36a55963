namespace Honnin.Pseudonyms;

/// <summary>
/// A pseudonym authority: one key ring for a whole deployment, so a person's pseudonym in a domain is the same
/// whichever issuer asks for it. Issuers call the authority at issuance (in process, or through their own
/// <see cref="IPseudonymProvider"/> client of a remote authority) and receive only the per-domain values.
/// </summary>
/// <remarks>
/// <para>
/// Choose an authority when a domain must join one person's credentials from <em>different</em> issuers — the tax
/// domain joining withholding slips from two employers — as Austria's Stammzahlenregisterbehörde does with bPKs and
/// Japan's 情報提供ネットワークシステム with 機関別符号. The cost is infrastructure (an authority that keeps the key
/// and a stable base reference per person) and trust: the authority can link a person's values across domains, as
/// those registers can. Choose <see cref="IssuerLocalPseudonyms"/> when there is no such authority.
/// </para>
/// <para>
/// <c>subjectRef</c> is the authority's stable base reference for the person (never the My Number). Keys are rotated by
/// building a new authority over a ring whose current key is the new one; <see cref="KeyedPseudonymProvider.Derive(string, PseudonymDomain, string)"/>
/// with an old key id gives the old value, so the authority can hand each domain an old→new mapping. The authority does
/// not own the keys of its ring. It has no mutable state and is safe to use from many threads.
/// </para>
/// </remarks>
public sealed class PseudonymAuthority : KeyedPseudonymProvider
{
    /// <summary>Creates an authority over a key ring.</summary>
    /// <param name="keys">The key ring; its current key derives new values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    public PseudonymAuthority(PseudonymKeyRing keys)
        : base(keys)
    {
    }
}
