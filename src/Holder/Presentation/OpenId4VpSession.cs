using Honnin.OpenId4Vc;

namespace Honnin.Holder.Presentation;

/// <summary>
/// A verifier's OpenID4VP request as the wallet read it, with one <see cref="PresentationPlan"/> per DCQL credential
/// query it would answer. The person confirms or narrows each plan (<see cref="With"/>), then the wallet answers with
/// <see cref="OpenId4VpClient.RespondAsync"/> or declines with <see cref="OpenId4VpClient.DeclineAsync"/>.
/// </summary>
public sealed class OpenId4VpSession
{
    internal OpenId4VpSession(OpenId4VpRequest request, RequesterIdentity requester, IReadOnlyList<OpenId4VpQueryPlan> queries, bool satisfiable, IReadOnlyList<string> unmatched, string? origin = null)
    {
        Origin = origin;
        Request = request;
        Requester = requester;
        Queries = queries;
        IsSatisfiable = satisfiable;
        Unmatched = unmatched;
    }

    /// <summary>The request object, as read (its signature checked).</summary>
    public OpenId4VpRequest Request { get; }

    /// <summary>Who asks, as established from the request object's certificate; <see cref="RequesterIdentity.StatedPurpose"/> is the request's purpose.</summary>
    public RequesterIdentity Requester { get; }

    /// <summary>The credential queries the wallet would answer, each with its plan.</summary>
    public IReadOnlyList<OpenId4VpQueryPlan> Queries { get; }

    /// <summary>Whether the wallet holds what the query needs (every required credential set, or every credential query).</summary>
    public bool IsSatisfiable { get; }

    /// <summary>For a request that came over the DC API, the calling page's origin the answer is bound to; null for one fetched by link.</summary>
    public string? Origin { get; }

    /// <summary>The ids of credential queries nothing in the wallet matches.</summary>
    public IReadOnlyList<string> Unmatched { get; }

    /// <summary>The session with one query's plan replaced by the person's narrowed or confirmed version of it.</summary>
    /// <param name="queryId">The credential query id.</param>
    /// <param name="plan">The plan, made from this session's plan for that query by <see cref="PresentationPlan.Exclude"/> or <see cref="PresentationPlan.Confirm"/>.</param>
    /// <returns>A new session.</returns>
    /// <exception cref="ArgumentException">The session has no such query, or the plan was not made from its plan.</exception>
    public OpenId4VpSession With(string queryId, PresentationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(queryId);
        ArgumentNullException.ThrowIfNull(plan);
        var index = Queries.ToList().FindIndex(q => q.QueryId == queryId);
        if (index < 0 || !ReferenceEquals(Queries[index].Plan.Binding, plan.Binding) || Queries[index].Plan.Requester != plan.Requester)
        {
            throw new ArgumentException("The plan was not made from this session's plan for that query.", nameof(plan));
        }

        var queries = Queries.ToArray();
        queries[index] = queries[index] with { Plan = plan };
        return new OpenId4VpSession(Request, Requester, queries, IsSatisfiable, Unmatched, Origin);
    }
}

/// <summary>One DCQL credential query the wallet would answer, and how.</summary>
/// <param name="QueryId">The credential query id.</param>
/// <param name="Format">The format the query asks for.</param>
/// <param name="Plan">The plan for the person to confirm or narrow.</param>
public sealed record OpenId4VpQueryPlan(string QueryId, CredentialFormat Format, PresentationPlan Plan);

/// <summary>What happened to the wallet's answer.</summary>
/// <param name="Sent">The credential query ids the wallet answered (empty when it declined).</param>
/// <param name="RedirectUri">Where the verifier asks the wallet to send the person next (same-device flow), if anywhere.</param>
public sealed record OpenId4VpOutcome(IReadOnlyList<string> Sent, Uri? RedirectUri);
