namespace Honnin.Dcql;

/// <summary>Whether a credential (for a wallet) or a presentation (for a verifier) has cryptographic holder binding.</summary>
public enum DcqlHolderBinding
{
    /// <summary>No holder binding: an SD-JWT VC without <c>cnf</c> or presented without a Key Binding JWT.</summary>
    None,

    /// <summary>Cryptographic holder binding: an SD-JWT VC with <c>cnf</c> (for a verifier: with a verified Key Binding JWT), an mdoc with its device key (for a verifier: with verified device authentication).</summary>
    Cryptographic,
}
