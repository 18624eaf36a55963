namespace Honnin.Holder.Presentation;

/// <summary>Why an element is in or out of a plan; stable codes a wallet UI can translate.</summary>
public static class ElementReason
{
    /// <summary>Requested, and nothing in the policy stands against it.</summary>
    public const string Requested = "requested";

    /// <summary>The issuer marked it "disclose only on explicit request" (e.g. 摘要).</summary>
    public const string SensitiveNeedsConfirmation = "sensitive_needs_confirmation";

    /// <summary>The person confirmed it.</summary>
    public const string ConfirmedByPerson = "confirmed_by_person";

    /// <summary>The person excluded it.</summary>
    public const string ExcludedByPerson = "excluded_by_person";

    /// <summary>The document type marks it never to be shared.</summary>
    public const string NeverShared = "never_shared";

    /// <summary>It is on the person's own deny list.</summary>
    public const string OnDenyList = "on_deny_list";

    /// <summary>The credential does not contain it.</summary>
    public const string NotInCredential = "not_in_credential";

    /// <summary>The wallet holds no usable credential of the requested type.</summary>
    public const string NoCredential = "no_credential";

    /// <summary>The verifier asks for more than a registrar registered it for; left out unless the person adds it.</summary>
    public const string OutsideRegistration = "outside_registration";

    /// <summary>The verifier is authenticated but carries no registration from a configured registrar; left out unless the person adds it.</summary>
    public const string VerifierNotRegistered = "verifier_not_registered";

    /// <summary>A domain pseudonym, and the verifier is not registered for that domain: refused.</summary>
    public const string PseudonymDomainNotRegistered = "pseudonym_domain_not_registered";

    /// <summary>The verifier did not authenticate (an unsigned request, or a certificate that chains to no configured root); left out unless the person adds it.</summary>
    public const string VerifierNotAuthenticated = "verifier_not_authenticated";

    /// <summary>The reader's authentication was present but did not verify, so nothing is released.</summary>
    public const string ReaderAuthenticationFailed = "reader_authentication_failed";

    /// <summary>The request is stale, not yet valid, declares too long a lifetime, or carries no time where it must: nothing is released.</summary>
    public const string RequestNotFresh = "request_not_fresh";

    /// <summary>The request names an audience other than the identity that signed it (relayed), or no certificate signed it, so nothing is released.</summary>
    public const string RequestNotBound = "request_not_bound";

    /// <summary>The person stopped sharing with this verifier: nothing is released until the person resumes.</summary>
    public const string SharingStopped = "sharing_stopped";

    /// <summary>SD-JWT VC: the issuer packed this claim in one Disclosure with a claim the policy refuses, so it cannot be shown without the other.</summary>
    public const string InseparableFromRefused = "inseparable_from_refused";
}
