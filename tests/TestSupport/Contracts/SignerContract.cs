using Honnin.Crypto;

namespace Honnin.Tests.Contracts;

/// <summary>
/// What every <see cref="ISigner"/> must do, whether it holds a software key or calls out to an HSM, a KMS or a
/// remote signing service: its signatures verify under its public key and algorithm, in the r || s form COSE and JWS use.
/// </summary>
public abstract class SignerContract
{
    /// <summary>Makes the signer under test.</summary>
    /// <returns>The signer.</returns>
    protected abstract Task<ISigner> CreateSignerAsync();

    [Fact]
    public async Task A_signature_verifies_under_the_public_key_and_algorithm()
    {
        var signer = await CreateSignerAsync();
        var data = "源泉徴収票 to be signed"u8.ToArray();

        var signature = await signer.SignAsync(data);

        Assert.True(SignatureVerifier.Verify(signer.Algorithm, signer.PublicKey, data, signature));
    }

    [Fact]
    public async Task A_signature_does_not_verify_other_data()
    {
        var signer = await CreateSignerAsync();

        var signature = await signer.SignAsync("one"u8.ToArray());

        Assert.False(SignatureVerifier.Verify(signer.Algorithm, signer.PublicKey, "two"u8, signature));
    }

    [Fact]
    public async Task Empty_and_large_inputs_are_signed()
    {
        var signer = await CreateSignerAsync();
        var large = new byte[1 << 20];
        new Random(7).NextBytes(large);

        var emptySignature = await signer.SignAsync(Array.Empty<byte>());
        var largeSignature = await signer.SignAsync(large);

        Assert.True(SignatureVerifier.Verify(signer.Algorithm, signer.PublicKey, [], emptySignature));
        Assert.True(SignatureVerifier.Verify(signer.Algorithm, signer.PublicKey, large, largeSignature));
    }

    [Fact]
    public async Task Ecdsa_signatures_are_r_concatenated_with_s()
    {
        var signer = await CreateSignerAsync();
        int? expected = signer.Algorithm switch
        {
            CoseAlgorithm.ES256 => 64,
            CoseAlgorithm.ES384 => 96,
            CoseAlgorithm.ES512 => 132,
            CoseAlgorithm.EdDSA => 64,
            _ => null,
        };

        var signature = await signer.SignAsync("data"u8.ToArray());

        if (expected is { } length)
        {
            Assert.Equal(length, signature.Length);
        }
        else
        {
            Assert.Equal(signer.PublicKey.RsaKeySize / 8, signature.Length);
        }
    }

    [Fact]
    public async Task Concurrent_signatures_all_verify()
    {
        var signer = await CreateSignerAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var data = BitConverter.GetBytes(i);
            var signature = await signer.SignAsync(data);
            return SignatureVerifier.Verify(signer.Algorithm, signer.PublicKey, data, signature);
        })));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task The_public_key_fits_the_algorithm()
    {
        var signer = await CreateSignerAsync();

        var expected = signer.Algorithm switch
        {
            CoseAlgorithm.ES256 => CoseKeyCurve.P256,
            CoseAlgorithm.ES384 => CoseKeyCurve.P384,
            CoseAlgorithm.ES512 => CoseKeyCurve.P521,
            CoseAlgorithm.EdDSA => CoseKeyCurve.Ed25519,
            _ => CoseKeyCurve.None,
        };

        Assert.Equal(expected, signer.PublicKey.Curve);
    }
}
