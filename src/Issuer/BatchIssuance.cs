using Honnin.Crypto;

namespace Honnin.Issuer;

/// <summary>
/// Batches of single-use credentials for one holder, for both formats: 1 to <see cref="MaxSize"/> keys, each used once,
/// one credential per key in the order of the keys.
/// </summary>
internal static class BatchIssuance
{
    /// <summary>The largest batch.</summary>
    public const int MaxSize = 1000;

    public static async Task<IReadOnlyList<TIssued>> IssueAsync<TIssued>(IReadOnlyList<CoseKey> keys, string parameterName, Func<CoseKey, Task<TIssued>> issueOne)
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

        var issued = new List<TIssued>(keys.Count);
        foreach (var key in keys)
        {
            issued.Add(await issueOne(key).ConfigureAwait(false));
        }

        return issued.AsReadOnly();
    }
}
