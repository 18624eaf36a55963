namespace Honnin.Holder.Presentation;

/// <summary>One requested element in a plan, with the decision and the reason for it.</summary>
/// <param name="NameSpace">The namespace.</param>
/// <param name="Identifier">The element identifier.</param>
/// <param name="DisplayNameJa">The Japanese display name (the identifier when the type does not define one).</param>
/// <param name="DisplayNameEn">The English display name (the identifier when the type does not define one).</param>
/// <param name="IntentToRetain">Whether the verifier says it will retain the value.</param>
/// <param name="Decision">What the plan does with it.</param>
/// <param name="Reason">Why (see <see cref="ElementReason"/>).</param>
/// <param name="ClaimPath">SD-JWT VC: the requested claim path (e.g. <c>dependents_list[0]</c>, <c>pseudonyms.tax</c>); null for mdoc.</param>
public sealed record PlannedElement(string NameSpace, string Identifier, string DisplayNameJa, string DisplayNameEn, bool IntentToRetain, ElementDecision Decision, string Reason, string? ClaimPath = null);
