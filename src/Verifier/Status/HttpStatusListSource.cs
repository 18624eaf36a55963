using System.Net;
using System.Net.Http.Headers;

namespace Honnin.Verifier.Status;

/// <summary>
/// Fetches Status List Tokens over HTTP with the limits a verifier service needs: <c>https</c> only (plain <c>http</c>
/// for loopback addresses, as in tests and demos), a timeout, a size limit while reading, and no redirects (a 3xx is
/// refused; configure the handler with <c>AllowAutoRedirect = false</c>, as <c>IHttpClientFactory</c> clients can be).
/// </summary>
public sealed class HttpStatusListSource : IStatusListSource
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client Honnin's DI registration configures (no redirects).</summary>
    public const string ClientName = "Honnin.StatusLists";

    private readonly Func<HttpClient> _client;
    private readonly HttpStatusListSourceOptions _options;

    /// <summary>Creates the source over one client.</summary>
    /// <param name="client">The client; the source never disposes it.</param>
    /// <param name="options">Limits; the defaults when null.</param>
    public HttpStatusListSource(HttpClient client, HttpStatusListSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = () => client;
        _options = options ?? new HttpStatusListSourceOptions();
    }

    /// <summary>Creates the source over a client per fetch, e.g. <c>() =&gt; factory.CreateClient(ClientName)</c> from <c>IHttpClientFactory</c>.</summary>
    /// <param name="clients">Gives the client for one fetch; the source never disposes it (a factory's clients need not be).</param>
    /// <param name="options">Limits; the defaults when null.</param>
    public HttpStatusListSource(Func<HttpClient> clients, HttpStatusListSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _client = clients;
        _options = options ?? new HttpStatusListSourceOptions();
    }

    /// <inheritdoc/>
    public async Task<ReadOnlyMemory<byte>> FetchAsync(string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var target) || !(target.Scheme == Uri.UriSchemeHttps || (target.Scheme == Uri.UriSchemeHttp && target.IsLoopback)))
        {
            throw new StatusListUnavailableException("The status list URI is not an https URL (plain http only on loopback).");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/statuslist+jwt"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/statuslist+cwt"));
        try
        {
            using var response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new StatusListUnavailableException($"The status list server answered {(int)response.StatusCode}{((int)response.StatusCode is >= 300 and < 400 ? " (a redirect, which is not followed)" : "")}.");
            }

            if (response.RequestMessage?.RequestUri is { } final && final != target)
            {
                throw new StatusListUnavailableException("The status list request was redirected, which is not followed.");
            }

            if (response.Content.Headers.ContentLength > _options.MaxBytes)
            {
                throw new StatusListUnavailableException($"The status list is larger than {_options.MaxBytes} bytes.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var body = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > _options.MaxBytes)
                {
                    throw new StatusListUnavailableException($"The status list is larger than {_options.MaxBytes} bytes.");
                }

                body.Write(buffer, 0, read);
            }

            return body.ToArray();
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StatusListUnavailableException($"The status list did not arrive within {_options.Timeout.TotalSeconds:0.#} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new StatusListUnavailableException("The status list server could not be reached.", e);
        }
    }
}

/// <summary>Limits of <see cref="HttpStatusListSource"/>.</summary>
public sealed record HttpStatusListSourceOptions
{
    /// <summary>How long a fetch may take. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest token read. Default 4 MiB (a compressed list of millions of entries is far smaller).</summary>
    public int MaxBytes { get; init; } = 4 * 1024 * 1024;
}
