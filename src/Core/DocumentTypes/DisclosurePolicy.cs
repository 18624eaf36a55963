namespace Honnin.DocumentTypes;

/// <summary>How a wallet treats an element when a verifier asks for it.</summary>
public enum DisclosurePolicy
{
    /// <summary>Disclosed when requested and the person agrees to the request.</summary>
    OnRequest,

    /// <summary>Sensitive: disclosed only when the verifier names it and the person confirms it on its own (e.g. 摘要).</summary>
    OnExplicitRequest,

    /// <summary>Never disclosed, whoever asks.</summary>
    Never,
}
