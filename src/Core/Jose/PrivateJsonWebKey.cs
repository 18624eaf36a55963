using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Honnin.Crypto;
using NSec.Cryptography;

namespace Honnin.Jose;

/// <summary>
/// Reads and writes private JWKs (EC P-256/384/521 with <c>d</c>, OKP Ed25519 with the seed as <c>d</c>) for
/// software signers: key files of the command-line tool, tests and samples. Private key bytes are wiped after
/// use; messages never contain key material. Production issuers should sign through an HSM or KMS
/// <see cref="ISigner"/> instead.
/// </summary>
public static class PrivateJsonWebKey
{
    /// <summary>Reads a private JWK into a software signer. The public members must match the private key.</summary>
    /// <param name="json">The private JWK JSON.</param>
    /// <param name="keyId">The signer's key id; the JWK's <c>kid</c> when null.</param>
    /// <returns>A signer the caller disposes.</returns>
    /// <exception cref="CredentialFormatException">The text is not a supported private JWK (code <see cref="JoseFailureCodes.InvalidKey"/>, or a JSON code).</exception>
    public static SoftwareSigner ReadSigner(string json, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var jwk = StrictJson.ParseObject(Encoding.UTF8.GetBytes(json));
        if (JsonWebKey.OptionalString(jwk, "kty") == "RSA")
        {
            throw JsonWebKey.Invalid("RSA private JWKs are not supported for software signers; sign through an ISigner of your own.");
        }

        var publicKey = JsonWebKey.ReadPublic(jwk);
        keyId ??= JsonWebKey.OptionalString(jwk, "kid");
        if (!jwk.ContainsKey("d"))
        {
            throw JsonWebKey.Invalid("The JWK has no private key parameter 'd'.");
        }

        var d = JsonWebKey.Coordinate(jwk, "d");
        try
        {
            if (publicKey.Curve == CoseKeyCurve.Ed25519)
            {
                if (d.Length != 32)
                {
                    throw JsonWebKey.Invalid("An Ed25519 private JWK must hold a 32-byte seed.");
                }

                var signer = SoftwareSigner.FromEd25519Seed(d, keyId);
                if (!signer.PublicKey.X.SequenceEqual(publicKey.X))
                {
                    signer.Dispose();
                    throw JsonWebKey.Invalid("The JWK public key does not match its private key.");
                }

                return signer;
            }

            var parameters = publicKey.ToECParameters();
            if (d.Length != parameters.Q.X!.Length)
            {
                throw JsonWebKey.Invalid("The JWK private key does not have the curve's length.");
            }

            parameters.D = d;
            ECDsa key;
            try
            {
                key = ECDsa.Create(parameters);
            }
            catch (CryptographicException e)
            {
                throw new CredentialFormatException(JoseFailureCodes.InvalidKey, "The JWK public key does not match its private key.", e);
            }

            return SoftwareSigner.FromECDsa(key, keyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <summary>
    /// Reads a private EC JWK into a key for ECDH, for example the ephemeral P-256 key a verifier keeps per transaction to
    /// decrypt an OpenID4VP encrypted response (<see cref="CompactJwe.Decrypt"/>). The public members must match the private
    /// key. A new key is <c>ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256)</c>; <see cref="Write(ECDiffieHellman, string?)"/> stores it.
    /// </summary>
    /// <param name="json">The private JWK JSON (<c>kty</c> <c>EC</c>, P-256, P-384 or P-521, with <c>d</c>).</param>
    /// <returns>A key the caller disposes.</returns>
    /// <exception cref="CredentialFormatException">The text is not a supported private EC JWK (code <see cref="JoseFailureCodes.InvalidKey"/>, or a JSON code).</exception>
    public static ECDiffieHellman ReadECDiffieHellman(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var jwk = StrictJson.ParseObject(Encoding.UTF8.GetBytes(json));
        if (JsonWebKey.OptionalString(jwk, "kty") != "EC")
        {
            throw JsonWebKey.Invalid("Only EC private JWKs can be read for key agreement.");
        }

        var parameters = ReadPrivateEC(jwk);
        try
        {
            return ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException e)
        {
            throw new CredentialFormatException(JoseFailureCodes.InvalidKey, "The JWK public key does not match its private key.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>Writes an EC key-agreement private key as a private JWK. The result holds the private key: protect it.</summary>
    /// <param name="key">A P-256, P-384 or P-521 private key.</param>
    /// <param name="keyId">An optional <c>kid</c>.</param>
    /// <returns>The JWK JSON.</returns>
    /// <exception cref="ArgumentException">The curve is not supported.</exception>
    public static string Write(ECDiffieHellman key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteEC(key, keyId);
    }

    /// <summary>Writes an EC private key as a private JWK. The result holds the private key: protect it.</summary>
    /// <param name="key">A P-256, P-384 or P-521 private key.</param>
    /// <param name="keyId">An optional <c>kid</c>.</param>
    /// <returns>The JWK JSON.</returns>
    /// <exception cref="ArgumentException">The curve is not supported.</exception>
    public static string Write(ECDsa key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteEC(key, keyId);
    }

    private static string WriteEC(ECAlgorithm key, string? keyId)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        try
        {
            var jwk = JsonWebKey.FromCoseKey(CoseKey.FromECParameters(parameters), keyId).ToJsonObject();
            jwk["d"] = Base64UrlEncoding.Encode(parameters.D);
            return StrictJson.Serialize(jwk);
        }
        finally
        {
            if (parameters.D is not null)
            {
                CryptographicOperations.ZeroMemory(parameters.D);
            }
        }
    }

    /// <summary>Writes an Ed25519 private key seed as a private OKP JWK. The result holds the private key: protect it.</summary>
    /// <param name="seed">The 32-byte seed.</param>
    /// <param name="keyId">An optional <c>kid</c>.</param>
    /// <returns>The JWK JSON.</returns>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static string WriteEd25519(ReadOnlySpan<byte> seed, string? keyId = null)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));
        }

        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        JsonObject jwk = JsonWebKey.FromCoseKey(CoseKey.FromEd25519(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)), keyId).ToJsonObject();
        jwk["d"] = Base64UrlEncoding.Encode(seed);
        return StrictJson.Serialize(jwk);
    }

    // The EC parameters of a private JWK, D included (the caller wipes it); the public point is checked on its curve.
    private static ECParameters ReadPrivateEC(System.Text.Json.Nodes.JsonObject jwk)
    {
        var parameters = JsonWebKey.ReadPublic(jwk).ToECParameters();
        if (!jwk.ContainsKey("d"))
        {
            throw JsonWebKey.Invalid("The JWK has no private key parameter 'd'.");
        }

        var d = JsonWebKey.Coordinate(jwk, "d");
        if (d.Length != parameters.Q.X!.Length)
        {
            CryptographicOperations.ZeroMemory(d);
            throw JsonWebKey.Invalid("The JWK private key does not have the curve's length.");
        }

        parameters.D = d;
        return parameters;
    }
}
