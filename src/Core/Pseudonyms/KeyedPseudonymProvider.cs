namespace Honnin.Pseudonyms;

/// <summary>
/// Derives per-domain pseudonyms with a key ring held in this process: the common part of a
/// <see cref="PseudonymAuthority"/> and <see cref="IssuerLocalPseudonyms"/>, which differ only in who holds the keys.
/// </summary>
public abstract class KeyedPseudonymProvider : IPseudonymProvider
{
    /// <summary>Creates the provider over a key ring.</summary>
    /// <param name="keys">The key ring; its current key derives new values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    protected KeyedPseudonymProvider(PseudonymKeyRing keys)
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
