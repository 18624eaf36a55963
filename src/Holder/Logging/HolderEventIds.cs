namespace Honnin.Holder.Logging;

/// <summary>
/// The event ids of what the wallet logs (category <c>Honnin.Holder.Mdoc.MdocHolder</c> or
/// <c>Honnin.Holder.SdJwt.SdJwtVcHolder</c>). Log lines name formats, document types, credential ids, counts and
/// codes; never a claim value, a salt, a key or a pseudonym. Who the person presented to is logged at Debug only: on a
/// phone, which verifiers a person deals with is itself personal. The table of every event is in <c>docs/logging.md</c>.
/// </summary>
public static class HolderEventIds
{
    /// <summary>A credential was stored (Information): format, document type, credential id, batch or not.</summary>
    public const int CredentialStored = 2001;

    /// <summary>A presentation was planned (Information): format, document types, element counts per decision, requester problem codes.</summary>
    public const int PresentationPlanned = 2002;

    /// <summary>A presentation was planned (Debug): the requester's certificate subject and client identifier.</summary>
    public const int PresentationRequester = 2003;

    /// <summary>A presentation was made (Information): format, document type, credential id, number of released elements.</summary>
    public const int Presented = 2004;
}
