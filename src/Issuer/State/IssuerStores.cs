namespace Honnin.Issuer.State;

/// <summary>
/// The stores an OpenID4VCI issuer service keeps its state in. One database usually provides them all
/// (<see cref="InMemoryIssuerState"/>, <c>SqliteIssuerStore</c>, <c>PostgreSqlIssuerStore</c>); <see cref="From{TStore}"/> takes such a store.
/// </summary>
/// <param name="Offers">Offers, and with their completion the issued-credential records.</param>
/// <param name="Codes">Pre-authorized codes and their transaction codes.</param>
/// <param name="Replay">Single-use values: c_nonces, DPoP proofs, proven keys.</param>
/// <param name="Issued">The records of issued credentials.</param>
/// <param name="StatusLists">Status list entries.</param>
public sealed record IssuerStores(IOfferStore Offers, IPreAuthorizedCodeStore Codes, IReplayStore Replay, IIssuedCredentialStore Issued, IStatusListStore StatusLists)
{
    /// <summary>The stores of one database that implements them all.</summary>
    /// <typeparam name="TStore">The store's type.</typeparam>
    /// <param name="store">The store.</param>
    /// <returns>The stores.</returns>
    public static IssuerStores From<TStore>(TStore store)
        where TStore : IOfferStore, IPreAuthorizedCodeStore, IReplayStore, IIssuedCredentialStore, IStatusListStore
    {
        ArgumentNullException.ThrowIfNull(store);
        return new IssuerStores(store, store, store, store, store);
    }
}
