namespace Honnin.Holder.Presentation;

/// <summary>
/// The person's standing decisions about verifiers, kept with the wallet: "stop sharing with V". A stopped verifier is
/// refused everything (<see cref="RequesterProblem.SharingStopped"/>) in every plan and at every answer, whatever its
/// request, registration or certificate says, until the person resumes.
/// </summary>
public interface ISharingConsents
{
    /// <summary>Stops sharing with a verifier; stopping one already stopped keeps the first date.</summary>
    /// <param name="verifier">How the person names it: its client id (<c>x509_hash:…</c>, <c>x509_san_dns:…</c>), its certificate subject, or the subject's common name — as the log shows them.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task StopAsync(string verifier, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Resumes sharing with a verifier.</summary>
    /// <param name="verifier">The name it was stopped under.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was stopped.</returns>
    Task<bool> ResumeAsync(string verifier, CancellationToken cancellationToken = default);

    /// <summary>Lists the stopped verifiers, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<StoppedVerifier>> ListStoppedAsync(CancellationToken cancellationToken = default);
}

/// <summary>A verifier the person stopped sharing with.</summary>
/// <param name="Verifier">The name the person gave: a client id, a certificate subject, or its common name.</param>
/// <param name="Since">When the person stopped.</param>
public sealed record StoppedVerifier(string Verifier, DateTimeOffset Since)
{
    /// <summary>
    /// Whether a requester is this verifier: its client id, its certificate subject, or that subject's common name is the
    /// name the person gave. A name matches whether or not the requester authenticated — refusing more is the safe side.
    /// </summary>
    /// <param name="requester">The requester.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(RequesterIdentity requester)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return string.Equals(requester.ClientId?.Value, Verifier, StringComparison.Ordinal)
            || string.Equals(requester.Subject, Verifier, StringComparison.Ordinal)
            || (requester.Subject is { } subject && string.Equals(CommonName(subject), Verifier, StringComparison.Ordinal));
    }

    private static string? CommonName(string subject)
    {
        try
        {
            return new System.Security.Cryptography.X509Certificates.X500DistinguishedName(subject).EnumerateRelativeDistinguishedNames()
                .Where(n => n.GetSingleElementType().Value == "2.5.4.3")
                .Select(n => n.GetSingleElementValue())
                .FirstOrDefault();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>The person's consents in process memory. Thread-safe.</summary>
public sealed class InMemorySharingConsents : ISharingConsents
{
    private readonly List<StoppedVerifier> _stopped = [];
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public Task StopAsync(string verifier, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verifier);
        lock (_lock)
        {
            if (!_stopped.Any(s => s.Verifier == verifier))
            {
                _stopped.Add(new StoppedVerifier(verifier, at));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> ResumeAsync(string verifier, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_stopped.RemoveAll(s => s.Verifier == verifier) > 0);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoppedVerifier>> ListStoppedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoppedVerifier>>([.. _stopped]);
        }
    }
}
