namespace Honnin.Interop.Mdoc.Tests.Support;

/// <summary>The independent mdoc implementations Honnin is checked against, each driven by a script in tests/interop-mdoc.</summary>
public enum MdocPeer
{
    /// <summary><c>@auth0/mdl</c>, through <c>auth0.mjs</c>.</summary>
    Auth0,

    /// <summary><c>@owf/mdoc</c>, through <c>owf.mjs</c> and the <c>MdocContext</c> in <c>lib/owf-context.mjs</c>.</summary>
    Owf,
}
