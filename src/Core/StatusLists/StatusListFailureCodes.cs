namespace Honnin.StatusLists;

/// <summary>Stable failure codes of Token Status Lists (draft-ietf-oauth-status-list), carried by <see cref="CredentialFormatException.Code"/>.</summary>
public static class StatusListFailureCodes
{
    /// <summary>A Token Status List (<c>status_list</c> or Status List Token) is malformed, its <c>bits</c> is not 1, 2, 4 or 8, or its data does not inflate within the limit.</summary>
    public const string Malformed = "status_list_malformed";

    /// <summary>A status list index is outside the list.</summary>
    public const string IndexOutOfRange = "status_list_index_out_of_range";
}
