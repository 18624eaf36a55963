using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Issuance;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;

namespace Honnin.Tests.Services;

/// <summary>Honnin's wallet in memory — both holders over one store, and its OpenID4VP client — with a withholding slip from Honnin's issuer service.</summary>
public sealed class TestWallet : IDisposable
{
    public TestWallet(HolderOptions options)
    {
        Mdoc = new MdocHolder(Store, Keys, options);
        SdJwt = new SdJwtVcHolder(Store, Keys, options);
    }

    public InMemoryCredentialStore Store { get; } = new();

    public InMemoryDeviceKeyStore Keys { get; } = new();

    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    public MdocHolder Mdoc { get; }

    public SdJwtVcHolder SdJwt { get; }

    public OpenId4VpClient Client => new(Mdoc, SdJwt, Http);

    /// <summary>A wallet that accepted an offer of a slip (no transaction code) from <paramref name="issuer"/>.</summary>
    public static async Task<TestWallet> WithSlipAsync(IssuerHost issuer, string format, HolderOptions options, int batch = 1)
    {
        var created = await issuer.CreateOfferAsync(format, batch: batch, txCode: false);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var client = new OpenId4VciClient(http);
        var preview = await client.PreviewAsync(created["offer"]!.GetValue<string>());
        var wallet = new TestWallet(options);
        await client.AcceptAsync(preview, null, new IssuanceTargets(wallet.Store, wallet.Keys), TimeSpan.Zero);
        return wallet;
    }

    public void Dispose()
    {
        Keys.Dispose();
        Http.Dispose();
    }
}
