using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Jose;
using Honnin.SdJwt;

namespace Honnin.Verifier.SdJwt.Checks;

/// <summary>
/// Holder key binding by the verifier's policy (RFC 9901 §7.3), never by whether a KB-JWT was sent: when required,
/// a KB-JWT must be present; when one is present (and not forbidden) it must have <c>typ</c> <c>kb+jwt</c>, an
/// accepted algorithm, a signature by <c>cnf.jwk</c>, the <c>sd_hash</c> of this presentation, the expected
/// <c>aud</c> and <c>nonce</c>, an <c>iat</c> inside the window and, when present, an <c>exp</c> still ahead and an
/// <c>nbf</c> already past (RFC 7519 §4.1.4–4.1.5), all within the clock skew.
/// </summary>
internal sealed class KeyBindingCheck : ISdJwtCheck
{
    public string Name => "key_binding";

    public CheckStatus Run(SdJwtVcContext context)
    {
        var options = context.Options;
        var keyBinding = context.SdJwt.KeyBinding;
        switch (options.KeyBinding)
        {
            case KeyBindingPolicy.Forbidden:
                return keyBinding is null
                    ? CheckStatus.Passed
                    : context.Fail(SdJwtFailureCodes.KeyBindingUnexpected, "The presentation carries a KB-JWT, and the verifier expects a plain SD-JWT.");
            case KeyBindingPolicy.Optional when keyBinding is null:
                return CheckStatus.Passed;
            case KeyBindingPolicy.Required when keyBinding is null:
                return context.Fail(SdJwtFailureCodes.KeyBindingMissing, "The verifier requires key binding, and the presentation carries no KB-JWT.");
        }

        if (context.Session is not { } session)
        {
            return context.Fail(VerificationFailureCodes.KeyBindingSessionMissing, "The presentation carries a KB-JWT, and no session (audience and nonce) was given to check it against.");
        }

        var status = CheckStatus.Passed;
        var jws = keyBinding!.Jws;
        if (jws.Type != KeyBindingJwt.MediaType)
        {
            status = context.Fail(SdJwtFailureCodes.KeyBindingTypeInvalid, "The KB-JWT typ is not 'kb+jwt'.");
        }

        if (!options.AllowedAlgorithms.Contains(jws.Algorithm))
        {
            status = context.Fail(VerificationFailureCodes.AlgorithmNotAllowed, $"The KB-JWT uses {jws.Algorithm}, which the verifier does not accept.");
        }
        else if (context.Payload is not { } payload)
        {
            status = CheckStatus.NotRun;
        }
        else if (!TryGetHolderKey(payload, out var holderKey))
        {
            status = context.Fail(SdJwtFailureCodes.ConfirmationKeyInvalid, "The credential has no 'cnf.jwk' holding a supported public key, so the KB-JWT cannot be verified.");
        }
        else if (!keyBinding.VerifySignature(holderKey.Key))
        {
            status = context.Fail(SdJwtFailureCodes.KeyBindingSignatureInvalid, "The KB-JWT signature does not verify with 'cnf.jwk'.");
        }

        if (context.SdJwt.HashAlgorithm is { } algorithm && !FixedTimeEquals(context.SdJwt.ComputeSdHash(algorithm), keyBinding.SdHash))
        {
            status = context.Fail(SdJwtFailureCodes.SdHashMismatch, "The KB-JWT sd_hash is not the hash of this presentation.");
        }

        if (!string.Equals(keyBinding.Audience, session.Audience, StringComparison.Ordinal))
        {
            status = context.Fail(SdJwtFailureCodes.AudienceMismatch, "The KB-JWT aud is not the expected audience.");
        }

        if (!FixedTimeEquals(keyBinding.Nonce, session.Nonce))
        {
            status = context.Fail(SdJwtFailureCodes.NonceMismatch, "The KB-JWT nonce is not the expected nonce.");
        }

        var now = context.Now;
        var skew = options.ClockSkew;
        var iat = keyBinding.IssuedAt;
        if (iat > now + skew)
        {
            status = context.Fail(SdJwtFailureCodes.KeyBindingIatOutsideWindow, $"The KB-JWT was issued at {Time(iat)}, after the verification time {Time(now)} (clock skew {Describe(skew)}).");
        }
        else if (iat < now - options.IatWindow - skew)
        {
            status = context.Fail(
                SdJwtFailureCodes.KeyBindingIatOutsideWindow,
                $"The KB-JWT was issued at {Time(iat)}, more than the accepted {Describe(options.IatWindow)} (IatWindow; clock skew {Describe(skew)}) before the verification time {Time(now)}. " +
                "A presentation made for another time verifies only with that verification time (the verifier's clock) or a wider window.");
        }

        if (keyBinding.ExpiresAt is { } exp && now - skew >= exp)
        {
            status = context.Fail(SdJwtFailureCodes.KeyBindingExpired, $"The KB-JWT expired at {Time(exp)}, before the verification time {Time(now)} (clock skew {Describe(skew)}).");
        }

        if (keyBinding.NotBefore is { } nbf && nbf > now + skew)
        {
            status = context.Fail(SdJwtFailureCodes.KeyBindingNotYetValid, $"The KB-JWT is valid from {Time(nbf)}, after the verification time {Time(now)} (clock skew {Describe(skew)}).");
        }

        return status;
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A duration in the largest whole unit that states it exactly: "5 minutes", "1 day", "90 seconds".</summary>
    internal static string Describe(TimeSpan span)
    {
        static string Unit(long count, string unit) => count == 1 ? "1 " + unit : $"{count} {unit}s";
        var seconds = (long)Math.Round(span.TotalSeconds);
        return seconds switch
        {
            0 => "0 seconds",
            _ when seconds % 86_400 == 0 => Unit(seconds / 86_400, "day"),
            _ when seconds % 3_600 == 0 => Unit(seconds / 3_600, "hour"),
            _ when seconds % 60 == 0 => Unit(seconds / 60, "minute"),
            _ => Unit(seconds, "second"),
        };
    }

    private static bool TryGetHolderKey(JsonObject payload, out JsonWebKey holderKey)
    {
        holderKey = null!;
        return payload["cnf"] is JsonObject cnf && cnf["jwk"] is JsonObject jwk && JsonWebKey.TryFromJson(jwk, out holderKey!, out _);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
