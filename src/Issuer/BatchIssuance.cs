using Honnin.Crypto;
using Honnin.StatusLists;

namespace Honnin.Issuer;

/// <summary>
/// Batches of single-use credentials for one holder, for both formats: 1 to <see cref="MaxSize"/> keys, each used once,
/// one credential per key in the order of the keys.
/// </summary>
internal static class BatchIssuance
{
    /// <summary>The largest batch.</summary>
    public const int MaxSize = 1000;

    /// <summary>Issues one credential per key; <paramref name="statuses"/>, when given, is each credential's own status entry.</summary>
    public static async Task<IReadOnlyList<TIssued>> IssueAsync<TIssued>(IReadOnlyList<CoseKey> keys, string parameterName, IReadOnlyList<StatusListReference>? statuses, StatusListReference? requestStatus, Func<CoseKey, StatusListReference?, Task<TIssued>> issueOne)
    {
        ArgumentNullException.ThrowIfNull(keys, parameterName);
        if (keys.Count is 0 or > MaxSize)
        {
            throw new ArgumentException($"A batch has between 1 and {MaxSize} keys.", parameterName);
        }

        if (keys.Any(k => k is null) || keys.Select(k => Convert.ToHexString(k.Encoded.EncodedBytes.Span)).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new ArgumentException("Each credential of a batch needs its own key: a key is missing or given twice.", parameterName);
        }

        if (statuses is null && requestStatus is not null)
        {
            throw new ArgumentException("The credentials of a batch cannot share one status entry: give each its own (statuses).", parameterName);
        }

        if (statuses is not null
            && (statuses.Count != keys.Count || statuses.Any(s => s is null) || statuses.Distinct().Count() != statuses.Count))
        {
            throw new ArgumentException("A batch needs one distinct status entry per key.", nameof(statuses));
        }

        var issued = new List<TIssued>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            issued.Add(await issueOne(keys[i], statuses?[i]).ConfigureAwait(false));
        }

        return issued.AsReadOnly();
    }
}
