using Honnin.Verifier.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Honnin.Verifier.Checks;

/// <summary>
/// The one verification pipeline both formats run. For each document: the format's fixed secure core (issuer
/// signature, trust, type, validity, digests or Disclosures, holder binding — supplied by the adapter in that order),
/// then the post-core checks the policy asks for (required elements or claims), then the host's own
/// <see cref="IDocumentCheck"/>s over the verified document, which run only on a document every earlier check passed.
/// A result lists every check by name; it is valid only when all of them passed, and is logged once (codes only).
/// The format adapters (<see cref="Mdoc.MdocVerifier"/>, <see cref="SdJwt.SdJwtVcVerifier"/>) supply decoding, their
/// checks and how a passed document reads.
/// </summary>
/// <typeparam name="TContext">The format's per-document context.</typeparam>
internal sealed class VerifierPipeline<TContext>
    where TContext : class
{
    /// <summary>The name of the decoding step, which every result lists first.</summary>
    public const string DecodeCheck = "decode";

    private readonly CredentialFormat _format;
    private readonly IFormatCheck<TContext>[] _coreChecks;
    private readonly IFormatCheck<TContext>[] _postCoreChecks;
    private readonly IReadOnlyList<IDocumentCheck> _hostChecks;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <param name="format">The format verified.</param>
    /// <param name="responseChecks">Names of the checks the adapter runs once per response, before the documents.</param>
    /// <param name="coreChecks">The format's secure core, in order.</param>
    /// <param name="postCoreChecks">The policy's own checks after the core, in order.</param>
    /// <param name="hostChecks">The host's document checks, in order.</param>
    /// <param name="timeProvider">The clock, when the call gives no time.</param>
    /// <param name="logger">Where each result is logged.</param>
    public VerifierPipeline(CredentialFormat format, IEnumerable<string> responseChecks, IFormatCheck<TContext>[] coreChecks, IFormatCheck<TContext>[] postCoreChecks, IReadOnlyList<IDocumentCheck> hostChecks, TimeProvider? timeProvider, ILogger? logger)
    {
        _format = format;
        _coreChecks = coreChecks;
        _postCoreChecks = postCoreChecks;
        _hostChecks = hostChecks;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Mandatory = new HashSet<string>([DecodeCheck, .. responseChecks, .. coreChecks.Select(c => c.Name), .. postCoreChecks.Select(c => c.Name), .. hostChecks.Select(c => c.Name)], StringComparer.Ordinal);
    }

    /// <summary>Every check a valid result must list as passed.</summary>
    public IReadOnlySet<string> Mandatory { get; }

    /// <summary>The verification time: the call's, or the clock's.</summary>
    public DateTimeOffset Now(DateTimeOffset? at) => at ?? _timeProvider.GetUtcNow();

    /// <summary>The result for input that did not decode.</summary>
    public VerificationResult DecodeFailed(CredentialFormatException error, int? index, IReadOnlyCollection<string> mandatory, IReadOnlyList<VerificationWarning> warnings) =>
        Finish([new CheckOutcome(DecodeCheck, CheckStatus.Failed, index)], [new VerificationFailure(error.Code, error.Message, index)], [], mandatory, warnings);

    /// <summary>Runs one document through the core, the post-core checks and the host's checks.</summary>
    /// <param name="context">The document's context; disposed when the format's checks are done with it.</param>
    /// <param name="index">The document's index in the response, or null.</param>
    /// <param name="read">How a document that passed reads.</param>
    /// <param name="now">The verification time.</param>
    /// <param name="checks">Receives each check's outcome.</param>
    /// <param name="failures">Where the checks report failures.</param>
    /// <param name="warnings">Where the checks report warnings.</param>
    /// <returns>The verified document, or null when a check failed.</returns>
    public VerifiedDocument? RunDocument(TContext context, int? index, Func<TContext, VerifiedDocument?> read, DateTimeOffset now, List<CheckOutcome> checks, List<VerificationFailure> failures, List<VerificationWarning> warnings)
    {
        var before = failures.Count;
        VerifiedDocument? verified;
        try
        {
            Run(_coreChecks, context, index, checks);
            Run(_postCoreChecks, context, index, checks);

            verified = failures.Count == before ? read(context) : null;
        }
        finally
        {
            (context as IDisposable)?.Dispose();
        }

        if (verified is null)
        {
            DocumentCheckRunner.Skip(_hostChecks, index, checks);
            return null;
        }

        return DocumentCheckRunner.Run(_hostChecks, verified, index, now, checks, failures, warnings) ? verified : null;
    }

    private static void Run(IFormatCheck<TContext>[] steps, TContext context, int? index, List<CheckOutcome> checks)
    {
        foreach (var check in steps)
        {
            checks.Add(new CheckOutcome(check.Name, check.Run(context), index));
        }
    }

    /// <summary>The result, logged.</summary>
    public VerificationResult Finish(List<CheckOutcome> checks, List<VerificationFailure> failures, List<VerifiedDocument> documents, IReadOnlyCollection<string> mandatory, IReadOnlyList<VerificationWarning> warnings)
    {
        var result = new VerificationResult(checks, failures, documents, mandatory, warnings);
        VerifierLog.Result(_logger, _format, result);
        return result;
    }
}
