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
/// building a new authority over a ring whose current key is the new one; <see cref="Derive(string, PseudonymDomain, string)"/>
/// with an old key id gives the old value, so the authority can hand each domain an old→new mapping. The authority does
/// not own the keys of its ring. It has no mutable state and is safe to use from many threads.
/// </para>
/// </remarks>
public sealed class PseudonymAuthority : IPseudonymProvider
{
    /// <summary>Creates an authority over a key ring.</summary>
    /// <param name="keys">The key ring; its current key derives new values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    public PseudonymAuthority(PseudonymKeyRing keys)
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
