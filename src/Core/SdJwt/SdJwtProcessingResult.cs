using System.Collections.ObjectModel;
using System.Text.Json.Nodes;

namespace Honnin.SdJwt;

/// <summary>
/// The outcome of RFC 9901 §7.1 processing: the processed payload (every <c>_sd</c>, <c>_sd_alg</c> and
/// <c>{"...": …}</c> resolved or removed), or the problems that make the SD-JWT unacceptable. Fail-closed: the
/// payload is available only when there is no problem.
/// </summary>
public sealed class SdJwtProcessingResult : IProblemReport
{
    private readonly JsonObject? _payload;

    internal SdJwtProcessingResult(JsonObject? payload, IReadOnlyList<Problem> problems, IReadOnlyList<DisclosedClaim> disclosedClaims)
    {
        Failures = new ReadOnlyCollection<Problem>([.. problems]);
        _payload = Failures.Count == 0 ? payload : null;
        DisclosedClaims = new ReadOnlyCollection<DisclosedClaim>([.. disclosedClaims]);
    }

    /// <summary>Whether processing found no problem.</summary>
    public bool IsValid => Failures.Count == 0;

    /// <summary>Why the SD-JWT is not acceptable (empty when it is).</summary>
    public IReadOnlyList<Problem> Failures { get; }

    /// <summary>None: processing has no warnings.</summary>
    public IReadOnlyList<Problem> Warnings => [];

    /// <summary>Where each referenced Disclosure landed, in processing order.</summary>
    public IReadOnlyList<DisclosedClaim> DisclosedClaims { get; }

    /// <summary>A copy of the processed payload.</summary>
    /// <returns>A new object the caller owns, or null when processing found a problem.</returns>
    public JsonObject? GetPayload() => (JsonObject?)_payload?.DeepClone();

    internal JsonObject? Payload => _payload;
}
