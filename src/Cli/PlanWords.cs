using Honnin.Holder.Presentation;

namespace Honnin.Cli;

/// <summary>A presentation plan in the words the person reads (the demo's and <c>present --request</c>'s), not raw codes.</summary>
internal static class PlanWords
{
    public static string Mark(ElementDecision decision) => decision switch
    {
        ElementDecision.Disclose => "[share]",
        ElementDecision.NeedsConfirmation => "[ask]",
        ElementDecision.Excluded => "[left out]",
        ElementDecision.Refused => "[refused]",
        _ => "[missing]",
    };

    public static string Explain(string reason) => reason switch
    {
        ElementReason.Requested => "requested and registered",
        ElementReason.SensitiveNeedsConfirmation => "sensitive: only if the person confirms it",
        ElementReason.ConfirmedByPerson => "the person confirmed it",
        ElementReason.ExcludedByPerson => "the person left it out",
        ElementReason.NeverShared => "never shared, whoever asks",
        ElementReason.OnDenyList => "on the person's own deny list",
        ElementReason.NotInCredential => "not in the credential",
        ElementReason.NoCredential => "no usable credential of this type in the wallet",
        ElementReason.OutsideRegistration => "outside the verifier's registration: left out unless the person adds it",
        ElementReason.VerifierNotRegistered => "the verifier is not registered by a registrar the wallet trusts: left out unless the person adds it",
        ElementReason.PseudonymDomainNotRegistered => "a pseudonym of a domain the verifier is not registered for: never released",
        ElementReason.VerifierNotAuthenticated => "the verifier did not prove who it is: left out unless the person adds it",
        ElementReason.ReaderAuthenticationFailed => "the verifier's signature on the request does not verify: nothing is released",
        ElementReason.RequestNotFresh => "the request is too old or not yet valid: nothing is released",
        ElementReason.RequestNotBound => "the request names another verifier than the one that signed it: nothing is released",
        ElementReason.InseparableFromRefused => "issued together with a refused claim, so it cannot be shown alone",
        ElementReason.SharingStopped => "the person stopped sharing with this verifier: nothing is released",
        _ => reason,
    };

    public static string ExplainProblem(string problem) => problem switch
    {
        RequesterProblem.NotAuthenticated => "the request is not signed",
        RequesterProblem.SignatureInvalid => "the request's signature does not verify",
        RequesterProblem.RootNotConfigured => "its certificate chains to no root the wallet trusts (see --trust-reader, --trust-registrar)",
        RequesterProblem.RequestTimeMissing => "the request states no time",
        RequesterProblem.RequestNotFresh => "the request is too old or not yet valid",
        RequesterProblem.RequestNotBound => "the request names another verifier than the one that signed it",
        RequesterProblem.SharingStopped => "the person stopped sharing with it",
        _ => problem,
    };
}
