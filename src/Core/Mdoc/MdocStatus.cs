using System.Diagnostics.CodeAnalysis;
using Honnin.Cbor;
using Honnin.StatusLists;

namespace Honnin.Mdoc;

/// <summary>
/// The MSO <c>status</c> member (ISO/IEC 18013-5 second edition, with draft-ietf-oauth-status-list §6.3): where the
/// credential's status is published, <c>{"status_list": {"idx": uint, "uri": tstr}}</c>.
/// </summary>
public static class MdocStatus
{
    /// <summary>Reads the MSO's <c>status</c>.</summary>
    /// <param name="status">The <see cref="MobileSecurityObject.Status"/>, or null when the MSO has none.</param>
    /// <returns>The reference, or null when there is no <c>status</c> or it uses another mechanism than <c>status_list</c> (e.g. <c>identifier_list</c>).</returns>
    /// <exception cref="CredentialFormatException">The <c>status</c> is malformed (code <see cref="MdocFormatCodes.StatusMalformed"/>).</exception>
    public static StatusListReference? Read(CborValue? status)
    {
        if (status is null)
        {
            return null;
        }

        if (status is not CborMap map)
        {
            throw Malformed("The MSO 'status' is not a map.");
        }

        if (!map.TryGetValue("status_list", out var listValue))
        {
            return null;
        }

        if (listValue is not CborMap list)
        {
            throw Malformed("'status.status_list' is not a map.");
        }

        if (!list.TryGetValue("idx", out var idx) || idx is not CborInteger index || index.Value < 0 || index.Value > long.MaxValue)
        {
            throw Malformed("'status.status_list.idx' is missing or not an unsigned integer.");
        }

        if (!list.TryGetValue("uri", out var uri) || uri is not CborTextString text)
        {
            throw Malformed("'status.status_list.uri' is missing or not a text string.");
        }

        return new StatusListReference((long)index.Value, text.Value);
    }

    /// <summary>Reads the MSO's <c>status</c> without throwing.</summary>
    /// <param name="status">The <see cref="MobileSecurityObject.Status"/>, or null.</param>
    /// <param name="reference">The reference, or null when there is none.</param>
    /// <param name="error">The failure, when the member is malformed.</param>
    /// <returns>Whether the member is absent or well-formed.</returns>
    public static bool TryRead(CborValue? status, out StatusListReference? reference, [NotNullWhen(false)] out CredentialFormatException? error) =>
        CredentialFormatException.Try(() => Read(status), out reference, out error);

    /// <summary>Writes the MSO's <c>status</c> for a status list entry.</summary>
    /// <param name="reference">The entry.</param>
    /// <returns><c>{"status_list": {"idx": uint, "uri": tstr}}</c>.</returns>
    public static CborMap ToCbor(StatusListReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfNegative(reference.Index);
        return CborMap.FromText(("status_list", CborMap.FromText(("idx", new CborInteger(reference.Index)), ("uri", new CborTextString(reference.Uri)))));
    }

    private static CredentialFormatException Malformed(string message) => new(MdocFormatCodes.StatusMalformed, message);
}
