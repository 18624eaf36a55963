using System.Text.Json.Nodes;
using Honnin.Cbor;
using Honnin.Jose;

namespace Honnin.Verifier.Protocol;

/// <summary>Where a transaction stands.</summary>
public enum TransactionState
{
    /// <summary>No wallet answered yet.</summary>
    Pending,

    /// <summary>The answer verified and answers the query.</summary>
    Valid,

    /// <summary>A wallet answered, and the answer did not verify, did not answer the query, or was a refusal.</summary>
    Invalid,

    /// <summary>No wallet answered in time.</summary>
    Expired,
}

/// <summary>Why a transaction's answer was not accepted.</summary>
/// <param name="Code">The stable code (a verifier, DCQL or OpenID4VP code).</param>
/// <param name="Message">What went wrong, for people (never a value).</param>
/// <param name="CredentialQueryId">The DCQL credential query the failure concerns, if one.</param>
public sealed record TransactionFailure(string Code, string Message, string? CredentialQueryId) : Problem(Code, Message)
{
    /// <summary>The credential query id.</summary>
    public override string? Where => CredentialQueryId;
}

/// <summary>
/// The result of a transaction for the requesting system: its state, and for a valid answer the verified documents
/// per credential query (what was disclosed, the pseudonyms in the verifier's domains), or why it was not accepted.
/// </summary>
public sealed class TransactionResult : IProblemReport
{
    private readonly JsonObject? _stored;

    internal TransactionResult(TransactionState state, IReadOnlyList<(string QueryId, VerifiedDocument Document)> documents, IReadOnlyList<TransactionFailure> failures, string? purpose)
    {
        State = state;
        Documents = documents;
        Failures = failures;
        Purpose = purpose;
    }

    private TransactionResult(TransactionState state, JsonObject? stored, string? purpose)
    {
        State = state;
        _stored = stored;
        Documents = [];
        Purpose = purpose;
        Failures = stored?["failures"] is JsonArray failures
            ? [.. failures.Select(f => new TransactionFailure(f!["code"]!.GetValue<string>(), f["message"]!.GetValue<string>(), f["credential_query_id"]?.GetValue<string>()))]
            : [];
    }

    /// <summary>Where the transaction stands.</summary>
    public TransactionState State { get; }

    /// <summary>Whether the answer verified and answers the query.</summary>
    public bool IsValid => State == TransactionState.Valid;

    /// <summary>The verified documents with their credential query id, when the result was just made (a stored result carries them in <see cref="ToJson"/>).</summary>
    public IReadOnlyList<(string QueryId, VerifiedDocument Document)> Documents { get; }

    /// <summary>Why the answer was not accepted.</summary>
    public IReadOnlyList<TransactionFailure> Failures { get; }

    /// <summary>The purpose the transaction stated.</summary>
    public string? Purpose { get; }

    IReadOnlyList<Problem> IProblemReport.Failures => Failures;

    IReadOnlyList<Problem> IProblemReport.Warnings => [];

    /// <summary>The result as JSON: <c>{"state", "purpose", "documents": [{"credential_query_id", "format", "docType" | "vct", "elements" | "claims", "subjectKeys"}], "failures": [{"code", "message", "credential_query_id"}]}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson()
    {
        if (_stored is not null)
        {
            var copy = (JsonObject)_stored.DeepClone();
            copy["state"] = StateName(State);
            return copy;
        }

        var json = new JsonObject { ["state"] = StateName(State) };
        if (Purpose is not null)
        {
            json["purpose"] = Purpose;
        }

        if (State == TransactionState.Valid)
        {
            json["documents"] = new JsonArray([.. Documents.Select(d => (JsonNode)Document(d.QueryId, d.Document))]);
        }

        if (Failures.Count > 0)
        {
            json["failures"] = new JsonArray([.. Failures.Select(f => (JsonNode)Failure(f))]);
        }

        return json;
    }

    /// <summary>The result of a transaction as kept.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="now">The verifier's time.</param>
    /// <returns>The result.</returns>
    internal static TransactionResult Of(VerifierTransaction transaction, DateTimeOffset now)
    {
        if (transaction.Outcome is not { } outcome)
        {
            return new TransactionResult(now >= transaction.ExpiresAt ? TransactionState.Expired : TransactionState.Pending, null, transaction.Purpose);
        }

        return new TransactionResult(outcome.Valid ? TransactionState.Valid : TransactionState.Invalid, StrictJson.ParseObject(System.Text.Encoding.UTF8.GetBytes(outcome.Result)), transaction.Purpose);
    }

    /// <summary>The result of a wallet's error response.</summary>
    /// <param name="error">The wallet's error code.</param>
    /// <returns>The result.</returns>
    internal static TransactionResult WalletDeclined(string error) =>
        new(TransactionState.Invalid, [], [new TransactionFailure(OpenId4VpFailureCodes.WalletError, "The wallet answered with the error " + Clean(error) + ".", null)], null);

    private static JsonObject Document(string queryId, VerifiedDocument document)
    {
        var json = new JsonObject
        {
            ["credential_query_id"] = queryId,
            ["format"] = document.Format == CredentialFormat.Mdoc ? "mso_mdoc" : "dc+sd-jwt",
            [document.Format == CredentialFormat.Mdoc ? "docType" : "vct"] = document.DocType,
        };
        if (document.Issuer is not null)
        {
            json["issuer"] = document.Issuer;
        }

        if (document.SubjectKeys is { } keys)
        {
            json["subjectKeys"] = new JsonObject([.. keys.Select(k => KeyValuePair.Create(k.Key, (JsonNode?)k.Value))]);
        }

        if (document.Claims is { } claims)
        {
            json["claims"] = claims;
            return json;
        }

        var elements = new JsonObject();
        foreach (var (nameSpace, values) in document.Elements)
        {
            elements[nameSpace] = new JsonObject([.. values.Select(v => KeyValuePair.Create(v.Key, Dcql.DcqlCredential.MdocElementValue(v.Value)))]);
        }

        json["elements"] = elements;
        return json;
    }

    private static JsonObject Failure(TransactionFailure failure)
    {
        var json = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message };
        if (failure.CredentialQueryId is not null)
        {
            json["credential_query_id"] = failure.CredentialQueryId;
        }

        return json;
    }

    private static string StateName(TransactionState state) => state.ToString().ToLowerInvariant();

    // A wallet's error code is printable ASCII (RFC 6749 §5.2); anything else is not repeated.
    private static string Clean(string error) =>
        error.Length <= 64 && error.All(c => c is >= '!' and <= '~') ? error : "(not an error code)";
}
