namespace Honnin.Holder.Credentials;

/// <summary>
/// Which stored credential answers a request, in every format: when planning, a never-presented one of the type
/// (batches exist so presentations cannot be linked through the credential bytes); when responding, the answer is built
/// with one and committed only if nobody presented it meanwhile, so concurrent presentations never share a single-use credential.
/// </summary>
internal static class CredentialSelection
{
    /// <summary>The credential a plan shows: valid, of the format, the least presented first.</summary>
    public static async Task<StoredCredential?> ChooseAsync(ICredentialStore store, string docType, CredentialFormat format, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(docType, cancellationToken).ConfigureAwait(false);
        return stored
            .Where(c => c.Format == format && (c.ValidUntil is null || c.ValidUntil > now))
            .OrderBy(c => c.UseCount)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Reads the credential that will answer: an unused one of the plan's batch, or the plan's own when the person reuses a spent batch.</summary>
    /// <exception cref="InvalidOperationException">The credential is gone, or every credential of its batch was presented since the plan was made.</exception>
    public static async Task<StoredCredential> FindAsync(ICredentialStore store, string credentialId, bool reuse, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (reuse)
        {
            return await store.GetAsync(credentialId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The credential '{credentialId}' is no longer in the store.");
        }

        return await store.FindUnusedAsync(credentialId, now, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Every credential of the batch of '{credentialId}' was presented since the plan was made; plan again (an answer now would be linkable to an earlier one).");
    }
}
