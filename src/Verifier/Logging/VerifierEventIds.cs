namespace Honnin.Verifier.Logging;

/// <summary>
/// The event ids of what the verifiers log (category <c>Honnin.Verifier.Mdoc.MdocVerifier</c> or
/// <c>Honnin.Verifier.SdJwt.SdJwtVcVerifier</c>). Log lines name formats, document types and result codes; never a
/// claim value, a salt, a key, a nonce or a pseudonym. The table of every event is in <c>docs/logging.md</c>.
/// </summary>
public static class VerifierEventIds
{
    /// <summary>A presentation verified (Information): format, document types, warning codes.</summary>
    public const int Verified = 3001;

    /// <summary>A presentation failed (Information): format and failure codes.</summary>
    public const int Failed = 3002;

    /// <summary>Status lists were checked for a presentation (Information): format, each document's outcome, how many tokens came from the cache. Never a list URI or index.</summary>
    public const int StatusChecked = 3003;

    /// <summary>An OpenID4VP transaction was created (its id and response mode).</summary>
    public const int TransactionCreated = 3004;

    /// <summary>An OpenID4VP transaction was answered (its id, whether valid, the failure codes).</summary>
    public const int TransactionAnswered = 3005;

    /// <summary>Expired OpenID4VP transactions could not be purged (the exception's type only).</summary>
    public const int PurgeFailed = 3006;
}
