namespace Honnin.Verifier;

/// <summary>The outcome of one named check, for one document (or for the response as a whole when <see cref="DocumentIndex"/> is null).</summary>
/// <param name="Name">The check's stable name, e.g. <c>issuer_signature</c>.</param>
/// <param name="Status">How it ended.</param>
/// <param name="DocumentIndex">The index of the document in the response, or null for response-level checks.</param>
public sealed record CheckOutcome(string Name, CheckStatus Status, int? DocumentIndex);
