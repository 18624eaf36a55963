using Honnin.Crypto;
using Honnin.Mdoc;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Microsoft.Extensions.Time.Testing;

namespace Honnin.Verifier.Tests.RealWorld;

/// <summary>What the verifier said about a row: a result, or why the row cannot be run through a verifier today.</summary>
internal sealed record CorpusOutcome(VerificationResult? Result, string? Unsupported, IReadOnlyList<string>? Problems = null)
{
    public override string ToString() => Result switch
    {
        null when Problems is { Count: 0 } => "valid",
        null when Problems is not null => "invalid: " + string.Join(", ", Problems.Distinct()),
        null => $"not verifiable: {Unsupported}",
        { IsValid: true } => "valid",
        _ => "invalid: " + string.Join(", ", Result.Failures.Select(f => f.Code).Distinct())
            + (Result.Checks.Any(c => c.Status == CheckStatus.NotRun) ? $" (not run: {string.Join(", ", Result.Checks.Where(c => c.Status == CheckStatus.NotRun).Select(c => c.Name).Distinct())})" : string.Empty),
    };
}

/// <summary>Runs a corpus row through the real <see cref="MdocVerifier"/> or <see cref="SdJwtVcVerifier"/> and compares the result with the row's expectation.</summary>
internal static class RealWorldVerification
{
    /// <summary>Any transcript: used when the one the device signed over is not published.</summary>
    private static SessionTranscript UnpublishedTranscript =>
        SessionTranscript.ForOpenId4Vp("x509_san_dns:verifier.example", "transcript-not-published", null, "https://verifier.example/response");

    public static CorpusOutcome Evaluate(CorpusRow row)
    {
        if (RealWorldTrust.Unsupported(row) is { } trust)
        {
            return new CorpusOutcome(null, trust);
        }

        var clock = new FakeTimeProvider(row.VerificationTime);
        return (row.Format, row.Kind) switch
        {
            ("mdoc", "device_response") => new CorpusOutcome(VerifyDeviceResponse(row, clock), null),
            ("mdoc", "issuer_signed") => new CorpusOutcome(VerifyIssuerSigned(row, clock), null),
            ("mdoc", "vical") => new CorpusOutcome(null, null, VerifyVical(row)),
            ("sd-jwt", "sd_jwt_issuance" or "sd_jwt_presentation") => new CorpusOutcome(VerifySdJwt(row, clock), null),
            _ => throw new InvalidDataException($"Row {row.Id}: unknown format/kind {row.Format}/{row.Kind}."),
        };
    }

    /// <summary>Null when the outcome is the row's expectation; otherwise what differs.</summary>
    public static string? Mismatch(CorpusRow row, CorpusOutcome outcome)
    {
        if (outcome.Problems is { } problems)
        {
            return row.ExpectsValid
                ? problems.Count == 0 ? null : $"expected valid, got {outcome}"
                : new[] { row.Expected }.Concat(row.ExpectedAlso).All(problems.Contains) ? null : $"expected {row.Expected}, got {outcome}";
        }

        if (outcome.Result is not { } result)
        {
            return $"expected {row.Expected}, but {outcome}";
        }

        if (row.ExpectsValid)
        {
            return result.IsValid ? null : $"expected valid, got {outcome}";
        }

        if (result.IsValid)
        {
            return $"expected {row.Expected}, got valid";
        }

        var missing = new[] { row.Expected }.Concat(row.ExpectedAlso).Where(code => !result.HasFailure(code)).ToArray();
        if (missing.Length > 0)
        {
            return $"expected failure(s) {string.Join(", ", missing)} not reported; got {outcome}";
        }

        foreach (var (check, status) in row.ExpectedChecks)
        {
            var actual = result.Checks.Where(c => c.Name == check).Select(c => c.Status.ToString()).FirstOrDefault() ?? "absent";
            if (!string.Equals(actual, status, StringComparison.OrdinalIgnoreCase))
            {
                return $"check {check}: expected {status}, got {actual}; {outcome}";
            }
        }

        return null;
    }

    /// <summary>A VICAL: read, its signature and signer chain checked against the row's anchor; the problem codes.</summary>
    private static IReadOnlyList<string> VerifyVical(CorpusRow row)
    {
        if (!X509.Vicals.Vical.TryDecode(RealWorldCorpus.ReadBytes(row), out var vical, out var error))
        {
            return [error.Code];
        }

        using var anchors = RealWorldTrust.MdocAnchors(row);
        return [.. vical.Verify(anchors, row.VerificationTime).Select(p => p.Code)];
    }

    private static VerificationResult VerifyIssuerSigned(CorpusRow row, FakeTimeProvider clock)
    {
        var options = RealWorldTrust.MdocOptions(row);
        using var anchors = options.TrustAnchors;
        return new MdocVerifier(options, clock).VerifyIssuerSigned(RealWorldCorpus.ReadBytes(row));
    }

    private static VerificationResult VerifyDeviceResponse(CorpusRow row, FakeTimeProvider clock)
    {
        var options = RealWorldTrust.MdocOptions(row);
        using var anchors = options.TrustAnchors;
        var verifier = new MdocVerifier(options, clock);
        return verifier.Verify(RealWorldCorpus.ReadBytes(row), new MdocSession(Transcript(row)));
    }

    private static SessionTranscript Transcript(CorpusRow row)
    {
        if (!row.Raw.TryGetProperty("session_transcript", out var transcript) || transcript.GetProperty("kind").GetString() == "unpublished")
        {
            return UnpublishedTranscript;
        }

        return transcript.GetProperty("kind").GetString() switch
        {
            "openid4vp" => SessionTranscript.ForOpenId4Vp(
                transcript.GetProperty("client_id").GetString()!,
                transcript.GetProperty("nonce").GetString()!,
                Thumbprint(transcript),
                transcript.GetProperty("response_uri").GetString()!),
            "openid4vp_dc_api" => SessionTranscript.ForOpenId4VpDcApi(
                transcript.GetProperty("origin").GetString()!,
                transcript.GetProperty("nonce").GetString()!,
                Thumbprint(transcript)),
            "cbor" => SessionTranscript.Decode(Convert.FromHexString(transcript.GetProperty("hex").GetString()!)),
            var other => throw new InvalidDataException($"Row {row.Id}: unknown session transcript kind '{other}'."),
        };
    }

    // A null byte[] would become an empty, not an absent, ReadOnlyMemory<byte>?.
    private static ReadOnlyMemory<byte>? Thumbprint(System.Text.Json.JsonElement transcript) =>
        transcript.TryGetProperty("jwk_thumbprint", out var thumbprint) ? Convert.FromHexString(thumbprint.GetString()!) : (ReadOnlyMemory<byte>?)null;

    private static VerificationResult VerifySdJwt(CorpusRow row, FakeTimeProvider clock)
    {
        var (keys, anchors) = RealWorldTrust.SdJwt(row);
        using (anchors)
        {
            var defaults = new SdJwtVcVerifierOptions { IssuerKeys = keys, TrustAnchors = anchors, PinnedIssuerCertificates = RealWorldTrust.SdJwtPins(row), KeyBinding = KeyBindingPolicy.Forbidden };
            var algorithms = defaults.AllowedAlgorithms.Concat(row.OptionalStrings("allowed_algorithms").Select(Enum.Parse<CoseAlgorithm>)).ToHashSet();
            var hashes = defaults.AllowedHashAlgorithms.Concat(row.OptionalStrings("allowed_hash_algorithms")).ToHashSet(StringComparer.Ordinal);
            var options = defaults with
            {
                KeyBinding = row.OptionalString("key_binding") switch
                {
                    "required" => KeyBindingPolicy.Required,
                    "optional" => KeyBindingPolicy.Optional,
                    "forbidden" or null => KeyBindingPolicy.Forbidden,
                    var other => throw new InvalidDataException($"Row {row.Id}: unknown key_binding '{other}'."),
                },
                AcceptLegacyVcSdJwtTyp = row.OptionalBool("accept_legacy_typ"),
                Profile = row.OptionalString("profile") == "rfc9901" ? SdJwtVerificationProfile.Rfc9901 : SdJwtVerificationProfile.SdJwtVc,
                AllowedAlgorithms = algorithms,
                AllowedHashAlgorithms = hashes,
            };
            var text = RealWorldCorpus.ReadText(row.File).Trim();
            var verifier = new SdJwtVcVerifier(options, clock);
            return row.OptionalString("aud") is { } audience && row.OptionalString("nonce") is { } nonce
                ? verifier.Verify(text, new SdJwtSession(audience, nonce))
                : verifier.Verify(text);
        }
    }
}
