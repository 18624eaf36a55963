using Honnin.Holder.Credentials;

namespace Honnin.Holder.Issuance;

/// <summary>
/// What accepting an offer (or resuming a deferred issuance) brought: the credentials now in the wallet, and the
/// issuances the issuer deferred, each with what is needed to ask again later (<see cref="OpenId4VciClient.ResumeAsync"/>).
/// </summary>
public sealed class IssuanceResult
{
    internal IssuanceResult(IReadOnlyList<StoredCredential> credentials, IReadOnlyList<PendingIssuance> pending)
    {
        Credentials = credentials;
        Pending = pending;
    }

    /// <summary>The credentials stored in the wallet, in the order of the offer's configurations and the issuer's answer.</summary>
    public IReadOnlyList<StoredCredential> Credentials { get; }

    /// <summary>The issuances still pending at the issuer (empty when everything arrived).</summary>
    public IReadOnlyList<PendingIssuance> Pending { get; }

    /// <summary>Whether some credentials are still to come.</summary>
    public bool IsPending => Pending.Count > 0;

    /// <summary>Counts what arrived and what is pending.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"IssuanceResult({Credentials.Count} stored, {Pending.Count} pending)";
}
