using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Honnin.Cbor;
using Honnin.Crypto;
using Honnin.Holder.Keys;

namespace Honnin.Tests.Contracts;

/// <summary>What every <see cref="IDeviceKeyResolver"/> must do: find the signer for a key it holds, and nothing for one it does not.</summary>
public abstract class DeviceKeyResolverContract
{
    /// <summary>Makes a resolver that holds exactly these device keys.</summary>
    /// <param name="keys">The keys.</param>
    /// <returns>The resolver.</returns>
    protected abstract Task<IDeviceKeyResolver> CreateResolverAsync(IReadOnlyList<SoftwareSigner> keys);

    [Fact]
    public async Task Each_held_key_is_found_and_signs_for_its_public_key()
    {
        SoftwareSigner[] keys = [SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.ES256), SoftwareSigner.Generate(CoseAlgorithm.EdDSA)];
        var resolver = await CreateResolverAsync(keys);

        foreach (var key in keys)
        {
            var found = await resolver.FindAsync(key.PublicKey);
            Assert.NotNull(found);
            var signature = await found.SignAsync("device authentication"u8.ToArray());
            Assert.True(SignatureVerifier.Verify(key.Algorithm, key.PublicKey, "device authentication"u8, signature));
        }
    }

    [Fact]
    public async Task A_key_given_as_a_separately_decoded_copy_is_found()
    {
        var key = SoftwareSigner.Generate(CoseAlgorithm.ES256);
        var resolver = await CreateResolverAsync([key]);

        var copy = CoseKey.FromCbor(CborDecoder.Decode(key.PublicKey.Encoded.EncodedBytes.ToArray()));

        Assert.NotNull(await resolver.FindAsync(copy));
    }

    [Fact]
    public async Task A_key_it_does_not_hold_is_not_found()
    {
        var resolver = await CreateResolverAsync([SoftwareSigner.Generate(CoseAlgorithm.ES256)]);

        Assert.Null(await resolver.FindAsync(SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey));
        Assert.Null(await resolver.FindAsync(SoftwareSigner.Generate(CoseAlgorithm.EdDSA).PublicKey));
    }

    [Fact]
    public async Task A_key_with_the_same_x_but_the_other_y_is_not_found()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = SoftwareSigner.FromECDsa(ecdsa);
        var resolver = await CreateResolverAsync([key]);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        var p = BigInteger.Parse("0FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var y = new BigInteger(parameters.Q.Y, isUnsigned: true, isBigEndian: true);
        var otherY = (p - y).ToByteArray(isUnsigned: true, isBigEndian: true);
        var mirrored = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = parameters.Q.X, Y = [.. new byte[32 - otherY.Length], .. otherY] },
        };

        Assert.Null(await resolver.FindAsync(CoseKey.FromECParameters(mirrored)));
    }
}
