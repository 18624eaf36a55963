using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Honnin.Tests.Http;

/// <summary>A real HTTP server on a free loopback port that serves status list tokens, redirects and errors, and counts requests.</summary>
public sealed class LoopbackStatusServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerResponse, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackStatusServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public int Hits(string path) => _hits.GetValueOrDefault("/" + path);

    public void Serve(string path, byte[] body, string contentType = "application/statuslist+jwt") =>
        _routes["/" + path] = async response =>
        {
            response.ContentType = contentType;
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body);
        };

    public void Redirect(string path, string to) =>
        _routes["/" + path] = response =>
        {
            response.StatusCode = 302;
            response.RedirectLocation = to;
            return Task.CompletedTask;
        };

    public void Fail(string path, int status) =>
        _routes["/" + path] = response =>
        {
            response.StatusCode = status;
            return Task.CompletedTask;
        };

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            try
            {
                if (_routes.TryGetValue(path, out var route))
                {
                    await route(context.Response);
                }
                else
                {
                    context.Response.StatusCode = 404;
                }
            }
            finally
            {
                context.Response.Close();
            }
        }
    }
}
