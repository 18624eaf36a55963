namespace Honnin.Holder.Credentials;

/// <summary>
/// The one rule every store applies to find the credential a presentation uses: the chosen one when it was never
/// presented and is valid, otherwise a never-presented, valid credential of its batch, format and type, the lowest id
/// first. Stores that keep credentials encrypted filter their candidates by batch in the database and apply this rule
/// to what they decrypt.
/// </summary>
public static class UnusedCredential
{
    /// <summary>Applies the rule.</summary>
    /// <param name="chosen">The credential the plan chose.</param>
    /// <param name="candidates">The stored credentials to pick a substitute from (they may include <paramref name="chosen"/> and others outside its batch).</param>
    /// <param name="now">The time validity is judged at.</param>
    /// <returns>The credential to use, or null when there is none.</returns>
    public static StoredCredential? Find(StoredCredential chosen, IEnumerable<StoredCredential> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(candidates);
        if (chosen.UseCount == 0 && IsValid(chosen, now))
        {
            return chosen;
        }

        return chosen.BatchId is null
            ? null
            : candidates
                .Where(c => c.BatchId == chosen.BatchId && c.Format == chosen.Format && c.DocType == chosen.DocType && c.UseCount == 0 && IsValid(c, now))
                .OrderBy(c => c.Id, StringComparer.Ordinal)
                .FirstOrDefault();
    }

    /// <summary>Whether a credential is still valid at a time.</summary>
    /// <param name="credential">The credential.</param>
    /// <param name="now">The time.</param>
    /// <returns>True when it has no end of validity or ends after <paramref name="now"/>.</returns>
    public static bool IsValid(StoredCredential credential, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return credential.ValidUntil is null || credential.ValidUntil > now;
    }
}
