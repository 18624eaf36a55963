namespace Honnin.Holder.Presentation;

/// <summary>What the person can see afterwards: who received which elements, and when. Never the values.</summary>
/// <param name="At">When.</param>
/// <param name="Requester">Who, as far as the wallet could establish it.</param>
/// <param name="DocType">The document type.</param>
/// <param name="CredentialId">The credential that was presented.</param>
/// <param name="Elements">What was disclosed: for mdoc, elements as <c>namespace/identifier</c>; for SD-JWT VC, the claim paths revealed (e.g. <c>payment_amount</c>, <c>dependents_list[0]</c>), which say which array entry went.</param>
public sealed record PresentationRecord(DateTimeOffset At, RequesterIdentity Requester, string DocType, string CredentialId, IReadOnlyList<string> Elements);
