using System.Net;
using System.Net.Sockets;

namespace Honnin.Cli;

/// <summary>The URLs of the networked commands: https, or plain http on a loopback host only.</summary>
internal static class ServiceUrls
{
    /// <summary>Whether <paramref name="uri"/> names this machine (127.0.0.0/8, ::1 or localhost).</summary>
    public static bool IsLoopback(Uri uri) => uri.IsLoopback;

    /// <summary>
    /// Reads a URL the tool talks to or serves at: absolute, https or http on loopback, no query, fragment or user
    /// information. A trailing slash is dropped.
    /// </summary>
    public static Uri Parse(string text, string option)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{option} '{text}' is not an http or https URL.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal) || uri.UserInfo.Length > 0)
        {
            throw new UsageException($"{option} '{text}' has a query, a fragment or user information; give the bare URL.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw new UsageException($"{option} '{text}' is plain http to a host other than this machine: use https (plain http is only for 127.0.0.1, ::1 and localhost).");
        }

        return new Uri(text.TrimEnd('/'));
    }

    /// <summary>The URL without a trailing slash, as the issuer identifier and the base of routes.</summary>
    public static string Text(Uri uri) => uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>A TCP port nobody listens on now, on the loopback interface.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The URL with another port.</summary>
    public static Uri WithPort(Uri uri, int port) => new UriBuilder(uri) { Port = port }.Uri;
}
