namespace Honnin.Holder.Presentation;

/// <summary>
/// What the person can see afterwards: who received which elements, and when — or whose request was refused because
/// the person stopped sharing with it (<see cref="IsRefusal"/>: no credential, no element). Never the values.
/// </summary>
/// <param name="At">When.</param>
/// <param name="Requester">Who, as far as the wallet could establish it.</param>
/// <param name="DocType">The document type.</param>
/// <param name="CredentialId">The credential that was presented; empty for a refusal.</param>
/// <param name="Elements">What was disclosed: for mdoc, elements as <c>namespace/identifier</c>; for SD-JWT VC, the claim paths revealed (e.g. <c>payment_amount</c>, <c>dependents_list[0]</c>), which say which array entry went. Empty for a refusal.</param>
public sealed record PresentationRecord(DateTimeOffset At, RequesterIdentity Requester, string DocType, string CredentialId, IReadOnlyList<string> Elements)
{
    /// <summary>Whether this records a request refused without asking because the person stopped sharing with the verifier (nothing was presented).</summary>
    public bool IsRefusal => CredentialId.Length == 0;

    /// <summary>The record of a request refused because the person stopped sharing with its verifier.</summary>
    /// <param name="at">When.</param>
    /// <param name="requester">Who asked (its problems include <see cref="RequesterProblem.SharingStopped"/>).</param>
    /// <param name="docType">The document type it asked for.</param>
    /// <returns>The record.</returns>
    public static PresentationRecord Refused(DateTimeOffset at, RequesterIdentity requester, string docType) => new(at, requester, docType, string.Empty, []);
}
