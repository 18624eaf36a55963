using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;

namespace Honnin.Dcql;

/// <summary>
/// A DCQL query (OpenID4VP 1.0 §6): the <see cref="Credentials"/> a verifier asks for and, optionally,
/// <see cref="CredentialSets"/> that say which combinations of them satisfy it. Reading is strict and bounded: strict
/// JSON (no duplicate members) of at most <see cref="MaxLength"/> bytes and <see cref="MaxDepth"/> levels, every rule of
/// §6 checked (identifiers, unique ids, required <c>meta</c>, claim sets that name existing claim ids, credential sets
/// that name existing credential query ids, non-empty arrays, mdoc paths of exactly <c>[namespace, element]</c>), and
/// at most <see cref="MaxCredentialQueries"/> credential queries, <see cref="MaxClaims"/> claims and
/// <see cref="MaxClaimSets"/> claim sets each, <see cref="MaxCredentialSets"/> credential sets of
/// <see cref="MaxOptions"/> options, <see cref="MaxValues"/> values and <see cref="MaxPathLength"/> path components.
/// Unknown members are ignored, as §6 asks, and are not written back by <see cref="ToJson"/>. A wallet evaluates the
/// query with <see cref="Match"/>; a verifier checks the answer with <see cref="DcqlVpTokenCheck"/>.
/// </summary>
public sealed class DcqlQuery
{
    /// <summary>The largest query read, in bytes of UTF-8 JSON.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The deepest nesting of objects and arrays read (unknown members included).</summary>
    public const int MaxDepth = 16;

    /// <summary>The most credential queries in <c>credentials</c> (and ids in one credential set option).</summary>
    public const int MaxCredentialQueries = 64;

    /// <summary>The most claims in one credential query (and claim ids in one claim set).</summary>
    public const int MaxClaims = 128;

    /// <summary>The most claim sets in one credential query.</summary>
    public const int MaxClaimSets = 32;

    /// <summary>The most entries in <c>credential_sets</c>.</summary>
    public const int MaxCredentialSets = 32;

    /// <summary>The most options in one credential set.</summary>
    public const int MaxOptions = 32;

    /// <summary>The most entries in one <c>values</c>, <c>vct_values</c> or trusted authority <c>values</c>.</summary>
    public const int MaxValues = 64;

    /// <summary>The most components in one claims path pointer.</summary>
    public const int MaxPathLength = 16;

    /// <summary>The most entries in one <c>trusted_authorities</c>.</summary>
    public const int MaxTrustedAuthorities = 16;

    private DcqlQuery(IReadOnlyList<DcqlCredentialQuery> credentials, IReadOnlyList<DcqlCredentialSetQuery>? credentialSets)
    {
        Credentials = credentials;
        CredentialSets = credentialSets;
    }

    /// <summary>The credential queries, at least one, with unique ids.</summary>
    public IReadOnlyList<DcqlCredentialQuery> Credentials { get; }

    /// <summary>The credential sets, or null when absent (every credential query is then requested).</summary>
    public IReadOnlyList<DcqlCredentialSetQuery>? CredentialSets { get; }

    /// <summary>The credential query with an id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The credential query.</returns>
    public DcqlCredentialQuery? Find(string id) => Credentials.FirstOrDefault(c => c.Id == id);

    /// <summary>Reads a query from its JSON text (e.g. the <c>dcql_query</c> request parameter).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="CredentialFormatException">It is not a valid DCQL query within the bounds (a <see cref="DcqlFailureCodes"/> code).</exception>
    public static DcqlQuery Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetMaxByteCount(json.Length) > MaxLength && Encoding.UTF8.GetByteCount(json) > MaxLength)
        {
            throw DcqlReader.Fail(DcqlFailureCodes.TooLarge, $"The query is longer than {MaxLength} bytes.");
        }

        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a query from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The UTF-8 bytes.</param>
    /// <returns>The query.</returns>
    /// <exception cref="CredentialFormatException">It is not a valid DCQL query within the bounds (a <see cref="DcqlFailureCodes"/> code).</exception>
    public static DcqlQuery Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxLength)
        {
            throw DcqlReader.Fail(DcqlFailureCodes.TooLarge, $"The query is longer than {MaxLength} bytes.");
        }

        if (!StrictJson.TryParse(utf8Json, out var node, out var error, new StrictJsonOptions { MaxInputLength = MaxLength, MaxDepth = MaxDepth }))
        {
            var code = error.Code is JoseFailureCodes.TooLarge or JoseFailureCodes.TooDeep ? DcqlFailureCodes.TooLarge : DcqlFailureCodes.Malformed;
            throw new CredentialFormatException(code, "The query is not strict JSON within the bounds: " + error.Message, error);
        }

        return FromJson(node as JsonObject ?? throw DcqlReader.Malformed("The query is not a JSON object."));
    }

    /// <summary>Reads a query from its JSON text without throwing.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="query">The query, when it is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <returns>Whether it is a valid DCQL query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static bool TryParse(string json, [NotNullWhen(true)] out DcqlQuery? query, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return CredentialFormatException.Try(() => Parse(json), out query, out error);
    }

    /// <summary>
    /// Reads a query from a JSON object already parsed (e.g. the <c>dcql_query</c> member of a request object). The
    /// object should come from a bounded parser such as <see cref="StrictJson"/>; the entry bounds apply here too.
    /// </summary>
    /// <param name="query">The query object.</param>
    /// <returns>The query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="CredentialFormatException">It is not a valid DCQL query within the bounds (a <see cref="DcqlFailureCodes"/> code).</exception>
    public static DcqlQuery FromJson(JsonObject query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var credentialArray = DcqlReader.OptionalArray(query, "credentials", MaxCredentialQueries)
            ?? throw DcqlReader.Malformed("The query has no credentials.");
        var credentials = credentialArray.Select(DcqlCredentialQuery.Read).ToArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            if (!ids.Add(credential.Id))
            {
                throw DcqlReader.Fail(DcqlFailureCodes.DuplicateId, $"Two credential queries have the id {credential.Id}.");
            }
        }

        IReadOnlyList<DcqlCredentialSetQuery>? sets = null;
        if (DcqlReader.OptionalArray(query, "credential_sets", MaxCredentialSets) is { } setArray)
        {
            sets = setArray.Select((s, i) => DcqlCredentialSetQuery.Read(s, i, ids)).ToArray();
        }

        return new DcqlQuery(credentials, sets);
    }

    /// <summary>Reads a query from a JSON object without throwing.</summary>
    /// <param name="json">The query object.</param>
    /// <param name="query">The query, when it is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <returns>Whether it is a valid DCQL query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static bool TryFromJson(JsonObject json, [NotNullWhen(true)] out DcqlQuery? query, [NotNullWhen(false)] out CredentialFormatException? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return CredentialFormatException.Try(() => FromJson(json), out query, out error);
    }

    /// <summary>
    /// The query as JSON: every member Honnin reads, with defaults left out (<c>multiple</c> only when true,
    /// <c>require_cryptographic_holder_binding</c> and <c>required</c> only when false); unknown members are not kept.
    /// </summary>
    /// <returns>A new object the caller owns.</returns>
    public JsonObject ToJson()
    {
        var query = new JsonObject
        {
            ["credentials"] = new JsonArray([.. Credentials.Select(c => (JsonNode)c.ToJson())]),
        };
        if (CredentialSets is not null)
        {
            query["credential_sets"] = new JsonArray([.. CredentialSets.Select(s => (JsonNode)s.ToJson())]);
        }

        return query;
    }

    /// <summary>
    /// Evaluates the query against the credentials a wallet holds (OpenID4VP 1.0 §6.4): for each credential query the
    /// candidates that match its format, <c>meta</c>, holder binding and claims, with the claims to disclose for each;
    /// for each credential set the options the candidates can satisfy; and whether the query as a whole can be answered.
    /// </summary>
    /// <param name="candidates">The wallet's credentials, each with all its claims.</param>
    /// <returns>The match.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="candidates"/> or one of them is null.</exception>
    public DcqlMatch Match(IReadOnlyList<IDcqlCredential> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return DcqlMatch.Evaluate(this, candidates);
    }
}
