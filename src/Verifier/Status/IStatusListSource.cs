namespace Honnin.Verifier.Status;

/// <summary>Fetches Status List Tokens: over HTTP for a service (<see cref="HttpStatusListSource"/>), from files or memory for tools and tests.</summary>
public interface IStatusListSource
{
    /// <summary>Fetches the token a status list URI serves.</summary>
    /// <param name="uri">The list's URI.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The token's bytes (a JWT as UTF-8, or a CWT).</returns>
    /// <exception cref="StatusListUnavailableException">The token could not be fetched; the message says why, without secrets.</exception>
    Task<ReadOnlyMemory<byte>> FetchAsync(string uri, CancellationToken cancellationToken = default);
}

/// <summary>A status list could not be fetched.</summary>
public sealed class StatusListUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause, if any.</param>
    public StatusListUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
