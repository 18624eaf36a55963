namespace Honnin.Interop.Tests;

/// <summary>What the OpenID4VP peers need beyond tests/interop: for mdoc, @auth0/mdl from tests/interop-mdoc.</summary>
internal static class OpenId4VpPeers
{
    /// <summary>tests/interop-mdoc, whose @auth0/mdl the OpenID4VP scripts load for mdoc.</summary>
    public static string MdocDirectory => Path.GetFullPath(Path.Combine(NodePeer.InteropDirectory, "..", "interop-mdoc"));

    /// <summary>Fails, with what to do, when tests/interop-mdoc has no node_modules (this project's build installs only tests/interop).</summary>
    public static void RequireMdocPeer()
    {
        if (!Directory.Exists(Path.Combine(MdocDirectory, "node_modules", "@auth0", "mdl")))
        {
            throw new InvalidOperationException(
                $"The mdoc peer is not installed: {Path.Combine(MdocDirectory, "node_modules")} is missing. Build tests/Honnin.Interop.Mdoc.Tests (it runs `npm ci` there), or run `npm ci` in {MdocDirectory}.");
        }
    }
}
