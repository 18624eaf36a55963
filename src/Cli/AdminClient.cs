using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.Cli;

/// <summary>
/// Talks to an issuer or verifier service's admin API with its bearer token: https, or plain http to this machine only, so the token
/// never crosses a network in clear. Answers that are errors become the tool's own (refused: 5; unreachable: 4).
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private const int MaxAnswer = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly string _baseUrl;
    private readonly string _service;

    private AdminClient(HttpClient http, string baseUrl, string service)
    {
        _http = http;
        _baseUrl = baseUrl;
        _service = service;
    }

    /// <summary>A client for the service at <paramref name="url"/> with the token in <paramref name="tokenFile"/>.</summary>
    /// <param name="url">The service's URL, as given.</param>
    /// <param name="tokenFile">The admin token file.</param>
    /// <param name="service"><c>issuer</c> or <c>verifier</c>: the option that gave the URL is <c>--{service}-url</c>, the command that serves it <c>honnin {service} serve</c>.</param>
    public static AdminClient Create(string url, string tokenFile, string service = "issuer") => WithToken(url, AdminTokens.Read(tokenFile), service);

    /// <summary>A client for the service at <paramref name="url"/> with the token itself (the demo's own services).</summary>
    /// <param name="url">The service's URL.</param>
    /// <param name="token">The admin token.</param>
    /// <param name="service"><c>issuer</c> or <c>verifier</c>.</param>
    public static AdminClient WithToken(string url, string token, string service)
    {
        var baseUrl = ServiceUrls.Text(ServiceUrls.Parse(url, $"--{service}-url"));
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxAnswer };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AdminClient(http, baseUrl, service);
    }

    /// <summary>POSTs <paramref name="body"/> to <c>{url}/admin/{route}</c> and returns the JSON answer of a 2xx response.</summary>
    public Task<JsonObject> PostAsync(string route, JsonObject body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, route, body, cancellationToken);

    /// <summary>GETs <c>{url}/admin/{route}</c> and returns the JSON answer of a 2xx response.</summary>
    public Task<JsonObject> GetAsync(string route, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, route, null, cancellationToken);

    private async Task<JsonObject> SendAsync(HttpMethod method, string route, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl + "/admin/" + route));
        if (body is not null)
        {
            request.Content = new StringContent(StrictJson.Serialize(body), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new InputException("unreachable", $"The {_service} service at {_baseUrl} cannot be reached: {ErrorText.Plain(e)} Is 'honnin {_service} serve' running there?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InputException("unreachable", $"The {_service} service at {_baseUrl} did not answer within {_http.Timeout.TotalSeconds:0} seconds.");
        }

        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                throw new InputException("bad_answer", $"The {_service} service at {_baseUrl} sent an answer larger than {MaxAnswer / 1024} KiB or broke off.");
            }

            var json = StrictJson.TryParse(Encoding.UTF8.GetBytes(text), out var node, out _) ? node as JsonObject : null;
            if (response.IsSuccessStatusCode)
            {
                return json ?? throw new InputException("bad_answer", $"The {_service} service at {_baseUrl} answered {(int)response.StatusCode} without a JSON object; is {_baseUrl} {(_service == "issuer" ? "an issuer" : "a verifier")} service?");
            }

            throw Refusal(response.StatusCode, json);
        }
    }

    private RefusedException Refusal(HttpStatusCode status, JsonObject? json)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            return new RefusedException("unauthorized", $"The {_service} service at {_baseUrl} refused the admin token: is --admin-token-file the file 'honnin {_service} serve' printed?");
        }

        var code = Text(json, "error");
        var description = Text(json, "error_description");
        if (code is null)
        {
            return new RefusedException("server_error", $"The {_service} service at {_baseUrl} answered {(int)status} {status}{(status == HttpStatusCode.NotFound ? $"; is it {(_service == "issuer" ? "an issuer" : "a verifier")} service?" : ".")}");
        }

        var message = new StringBuilder($"The {_service} service refused: {code}");
        if (json!["problems"] is JsonArray { Count: > 0 } problems)
        {
            // The problems name elements and codes, never values; the description repeats them on one line.
            message.Append(':');
            foreach (var problem in problems.OfType<JsonObject>())
            {
                message.Append("\n  ").Append(Text(problem, "element") ?? "?").Append(": ").Append(Text(problem, "code") ?? "?");
            }
        }
        else if (description is not null)
        {
            message.Append(": ").Append(description);
        }

        return new RefusedException(code, message.ToString());
    }

    /// <summary>A string member of an answer, or null.</summary>
    public static string? Text(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : null;

    public void Dispose() => _http.Dispose();
}
