namespace Honnin.Holder.Presentation;

/// <summary>
/// What a presentation would release, to whom and why, before anything is released. The wallet UI shows it and the
/// person confirms or narrows it; the policy has already run, so a UI cannot forget it. Immutable: the changes return
/// a new plan.
/// </summary>
public sealed class PresentationPlan
{
    internal PresentationPlan(CredentialFormat format, RequesterIdentity requester, IReadOnlyList<PlannedDocument> documents, DateTimeOffset createdAt, object? binding)
    {
        Format = format;
        Requester = requester;
        Documents = documents;
        CreatedAt = createdAt;
        Binding = binding;
    }

    /// <summary>The format of the credentials the plan presents; only the holder of that format answers it.</summary>
    public CredentialFormat Format { get; }

    /// <summary>Who asks.</summary>
    public RequesterIdentity Requester { get; }

    /// <summary>The requested documents.</summary>
    public IReadOnlyList<PlannedDocument> Documents { get; }

    /// <summary>When the plan was made.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>
    /// What the response will be bound to, fixed when a verifier's request was planned (the SD-JWT audience and nonce,
    /// the mdoc session transcript); null for the person's own selection, which the caller binds when responding.
    /// </summary>
    internal object? Binding { get; }

    /// <summary>Whether the person selected the elements directly (no verifier request).</summary>
    internal bool IsSelection => Binding is null;

    /// <summary>Every element that will be disclosed as the plan stands.</summary>
    public IEnumerable<(string DocType, PlannedElement Element)> Disclosed =>
        Documents.SelectMany(d => d.Elements.Where(e => e.Decision == ElementDecision.Disclose).Select(e => (d.DocType, e)));

    /// <summary>Elements that will be disclosed and that the verifier intends to retain.</summary>
    public IEnumerable<(string DocType, PlannedElement Element)> Retained => Disclosed.Where(d => d.Element.IntentToRetain);

    /// <summary>Requested elements the wallet does not hold.</summary>
    public IEnumerable<(string DocType, PlannedElement Element)> Missing =>
        Documents.SelectMany(d => d.Elements.Where(e => e.Decision == ElementDecision.NotHeld).Select(e => (d.DocType, e)));

    /// <summary>Elements waiting for the person's explicit confirmation.</summary>
    public IEnumerable<(string DocType, PlannedElement Element)> AwaitingConfirmation =>
        Documents.SelectMany(d => d.Elements.Where(e => e.Decision == ElementDecision.NeedsConfirmation).Select(e => (d.DocType, e)));

    /// <summary>The person confirms a sensitive element: it will be disclosed.</summary>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The identifier.</param>
    /// <returns>The new plan.</returns>
    /// <exception cref="InvalidOperationException">No entry of the element is awaiting confirmation or excluded (it is refused, not held, or not requested).</exception>
    public PresentationPlan Confirm(string nameSpace, string identifier) =>
        Change(nameSpace, identifier, e => e.Decision is ElementDecision.NeedsConfirmation or ElementDecision.Excluded, ElementDecision.Disclose, ElementReason.ConfirmedByPerson);

    /// <summary>The person leaves an element out.</summary>
    /// <param name="nameSpace">The namespace.</param>
    /// <param name="identifier">The identifier.</param>
    /// <returns>The new plan.</returns>
    /// <exception cref="InvalidOperationException">No entry of the element is one the plan would disclose or ask about.</exception>
    public PresentationPlan Exclude(string nameSpace, string identifier) =>
        Change(nameSpace, identifier, e => e.Decision is ElementDecision.Disclose or ElementDecision.NeedsConfirmation, ElementDecision.Excluded, ElementReason.ExcludedByPerson);

    // Changes every entry of the element that may change. A request can name one element several times (a path the
    // wallet does not hold beside one it does, a second document request); entries that are refused or not held stay
    // as they are — they release nothing — so such a decoy cannot stop the person from leaving the element out.
    private PresentationPlan Change(string nameSpace, string identifier, Func<PlannedElement, bool> allowed, ElementDecision decision, string reason)
    {
        ArgumentNullException.ThrowIfNull(nameSpace);
        ArgumentNullException.ThrowIfNull(identifier);
        var changed = false;
        PlannedElement? unchangeable = null;
        var documents = Documents.Select(d => d with
        {
            Elements = [.. d.Elements.Select(e =>
            {
                if (e.NameSpace != nameSpace || e.Identifier != identifier)
                {
                    return e;
                }

                if (!allowed(e))
                {
                    unchangeable ??= e;
                    return e;
                }

                changed = true;
                return e with { Decision = decision, Reason = reason };
            })],
        }).ToArray();
        if (changed)
        {
            return new PresentationPlan(Format, Requester, documents, CreatedAt, Binding);
        }

        throw new InvalidOperationException(unchangeable is { } e
            ? $"'{nameSpace}/{identifier}' cannot change from {e.Decision} ({e.Reason})."
            : $"'{nameSpace}/{identifier}' is not part of the plan.");
    }
}
