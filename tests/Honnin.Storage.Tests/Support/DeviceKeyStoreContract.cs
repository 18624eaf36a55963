using System.Security.Cryptography;
using Honnin.Crypto;
using Honnin.Holder.Keys;
using Honnin.Jose;

namespace Honnin.Storage.Tests.Support;

/// <summary>What a wallet's sealed software keys must do: find each key kept, across a reopen, and nothing else.</summary>
public abstract class DeviceKeyStoreContract
{
    /// <summary>Makes a new wallet and gives its key store; <paramref name="reopen"/> opens the same wallet again.</summary>
    protected abstract Task<(IDeviceKeyStore Keys, Func<Task<IDeviceKeyStore>> Reopen)> CreateAsync();

    [Fact]
    public async Task Each_kept_key_is_found_after_a_reopen_and_signs_for_its_public_key()
    {
        var (keys, reopen) = await CreateAsync();
        using var es256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var seed = RandomNumberGenerator.GetBytes(32);
        string[] jwks = [PrivateJsonWebKey.Write(es256), PrivateJsonWebKey.WriteEd25519(seed)];
        foreach (var jwk in jwks)
        {
            Assert.True(await keys.AddAsync(jwk));
        }

        var reopened = await reopen();
        Assert.Equal(2, await reopened.CountAsync());
        foreach (var jwk in jwks)
        {
            using var expected = PrivateJsonWebKey.ReadSigner(jwk);
            var found = await reopened.FindAsync(expected.PublicKey);
            Assert.NotNull(found);
            var signature = await found.SignAsync("device authentication"u8.ToArray());
            Assert.True(SignatureVerifier.Verify(expected.Algorithm, expected.PublicKey, "device authentication"u8, signature));
        }
    }

    [Fact]
    public async Task A_key_kept_twice_is_kept_once_and_an_unknown_key_is_not_found()
    {
        var (keys, _) = await CreateAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = PrivateJsonWebKey.Write(key);

        Assert.True(await keys.AddAsync(jwk));
        Assert.False(await keys.AddAsync(jwk));
        Assert.Equal(1, await keys.CountAsync());
        Assert.Null(await keys.FindAsync(SoftwareSigner.Generate(CoseAlgorithm.ES256).PublicKey));
    }

    [Fact]
    public async Task A_text_that_is_no_private_key_is_refused_and_nothing_is_kept()
    {
        var (keys, _) = await CreateAsync();

        await Assert.ThrowsAnyAsync<CredentialFormatException>(() => keys.AddAsync("""{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"""));
        await Assert.ThrowsAnyAsync<CredentialFormatException>(() => keys.AddAsync("not json"));

        Assert.Equal(0, await keys.CountAsync());
    }
}
