namespace Honnin.Holder.Presentation;

/// <summary>What the plan does with one requested element.</summary>
public enum ElementDecision
{
    /// <summary>It will be disclosed (the person can still exclude it).</summary>
    Disclose,

    /// <summary>It is sensitive and will be disclosed only if the person confirms it on its own.</summary>
    NeedsConfirmation,

    /// <summary>The person excluded it.</summary>
    Excluded,

    /// <summary>The wallet's policy refuses it; the person cannot add it through this plan.</summary>
    Refused,

    /// <summary>The wallet does not hold it.</summary>
    NotHeld,
}
