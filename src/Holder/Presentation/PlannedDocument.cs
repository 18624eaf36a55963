namespace Honnin.Holder.Presentation;

/// <summary>One requested document in a plan: which stored credential answers it, and each element's decision.</summary>
/// <param name="DocType">The requested document type.</param>
/// <param name="CredentialId">The stored credential chosen to answer (an unused one of a batch when possible), or null when none is held.</param>
/// <param name="ReusesCredential">True when every credential of the type was presented before, so this presentation is linkable to an earlier one.</param>
/// <param name="Elements">The requested elements.</param>
public sealed record PlannedDocument(string DocType, string? CredentialId, bool ReusesCredential, IReadOnlyList<PlannedElement> Elements);
