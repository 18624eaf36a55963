using Honnin.Crypto;
using Honnin.Holder;
using Honnin.Holder.Credentials;
using Honnin.Holder.Keys;
using Honnin.Holder.Mdoc;
using Honnin.Holder.Presentation;
using Honnin.Holder.SdJwt;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.SdJwt;
using Honnin.Verifier.Mdoc;
using Honnin.Verifier.SdJwt;
using Honnin.Verifier.Status;
using Honnin.X509;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Honnin.DependencyInjection;

/// <summary>
/// Adds Honnin's roles to a service collection (from <see cref="HonninServiceCollectionExtensions.AddHonnin"/>). Options
/// are immutable records: give a value, which is validated here so a bad configuration fails at start-up, or a factory
/// over the service provider (e.g. reading the host's own settings), whose value is validated when the role is first
/// resolved. Each role is registered once; a second registration of the same role throws.
/// </summary>
public sealed class HonninBuilder
{
    internal HonninBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds an <see cref="MdocVerifier"/> with a policy.</summary>
    /// <param name="options">The policy, validated now.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HonninBuilder AddMdocVerifier(MdocVerifierOptions options) => AddMdocVerifier(Validated(options, o => o.Validate()));

    /// <summary>Adds an <see cref="MdocVerifier"/> whose policy comes from the service provider.</summary>
    /// <param name="options">Makes the policy.</param>
    /// <returns>This builder.</returns>
    public HonninBuilder AddMdocVerifier(Func<IServiceProvider, MdocVerifierOptions> options) =>
        AddRole(options, (sp, o) => new MdocVerifier(o with { StatusLists = o.StatusLists ?? sp.GetService<StatusListChecker>() }, Clock(sp), sp.GetService<ILogger<MdocVerifier>>()));

    /// <summary>Adds an <see cref="SdJwtVcVerifier"/> with a policy; each call passes its exchange as an <see cref="SdJwtSession"/>.</summary>
    /// <param name="options">The policy, validated now.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HonninBuilder AddSdJwtVcVerifier(SdJwtVcVerifierOptions options) => AddSdJwtVcVerifier(Validated(options, o => o.Validate()));

    /// <summary>Adds an <see cref="SdJwtVcVerifier"/> whose policy comes from the service provider.</summary>
    /// <param name="options">Makes the policy.</param>
    /// <returns>This builder.</returns>
    public HonninBuilder AddSdJwtVcVerifier(Func<IServiceProvider, SdJwtVcVerifierOptions> options) =>
        AddRole(options, (sp, o) => new SdJwtVcVerifier(o with { StatusLists = o.StatusLists ?? sp.GetService<StatusListChecker>() }, Clock(sp), sp.GetService<ILogger<SdJwtVcVerifier>>()));

    /// <summary>
    /// Adds the <see cref="StatusListChecker"/> both verifiers use for <c>VerifyAsync</c> (unless their options name
    /// their own): status lists fetched through <c>IHttpClientFactory</c> (the client
    /// <see cref="HttpStatusListSource.ClientName"/>, which follows no redirects), cached in the registered
    /// <see cref="IStatusListCache"/> (e.g. a <c>SqliteVerifierStore</c> shared by instances) or in memory, and trusted
    /// when they chain to <paramref name="trustAnchors"/> or are signed by one of <paramref name="trustedKeys"/>.
    /// </summary>
    /// <param name="trustAnchors">The roots status list signers chain to (usually the issuers' IACAs).</param>
    /// <param name="trustedKeys">Keys status lists may be signed with directly.</param>
    /// <param name="sourceOptions">Fetch limits; the defaults when null.</param>
    /// <returns>This builder.</returns>
    public HonninBuilder AddStatusListChecker(TrustAnchorSet? trustAnchors, IReadOnlyList<CoseKey>? trustedKeys = null, HttpStatusListSourceOptions? sourceOptions = null)
    {
        if (Services.Any(d => d.ServiceType == typeof(StatusListChecker)))
        {
            throw new InvalidOperationException("StatusListChecker is already registered; a host registers each role once.");
        }

        Services.AddHttpClient(HttpStatusListSource.ClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        Services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var options = new StatusListCheckerOptions
            {
                Source = new HttpStatusListSource(() => factory.CreateClient(HttpStatusListSource.ClientName), sourceOptions),
                Cache = sp.GetService<IStatusListCache>(),
                TrustAnchors = trustAnchors,
                TrustedKeys = trustedKeys ?? [],
            };
            return new StatusListChecker(options, Clock(sp));
        });
        return this;
    }

    /// <summary>Adds an <see cref="MdocIssuer"/>.</summary>
    /// <param name="options">Signer, certificate chain and policy, validated now.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HonninBuilder AddMdocIssuer(MdocIssuerOptions options) => AddMdocIssuer(Validated(options, o => o.Validate()));

    /// <summary>Adds an <see cref="MdocIssuer"/> whose options come from the service provider (e.g. a signer backed by a KMS).</summary>
    /// <param name="options">Makes the options.</param>
    /// <returns>This builder.</returns>
    public HonninBuilder AddMdocIssuer(Func<IServiceProvider, MdocIssuerOptions> options) =>
        AddRole(options, (sp, o) => new MdocIssuer(o, Clock(sp), sp.GetService<ILogger<MdocIssuer>>()));

    /// <summary>Adds an <see cref="SdJwtVcIssuer"/>.</summary>
    /// <param name="options">Signer, issuer identifier and policy, validated now.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public HonninBuilder AddSdJwtVcIssuer(SdJwtVcIssuerOptions options) => AddSdJwtVcIssuer(Validated(options, o => o.Validate()));

    /// <summary>Adds an <see cref="SdJwtVcIssuer"/> whose options come from the service provider.</summary>
    /// <param name="options">Makes the options.</param>
    /// <returns>This builder.</returns>
    public HonninBuilder AddSdJwtVcIssuer(Func<IServiceProvider, SdJwtVcIssuerOptions> options) =>
        AddRole(options, (sp, o) => new SdJwtVcIssuer(o, Clock(sp), sp.GetService<ILogger<SdJwtVcIssuer>>()));

    /// <summary>
    /// Adds the wallet for both formats, <see cref="MdocHolder"/> and <see cref="SdJwtVcHolder"/>, sharing one
    /// <see cref="ICredentialStore"/> (which keeps the person's presentation log too) and one
    /// <see cref="IDeviceKeyResolver"/>. Both must be registered by the app (an encrypted database, the platform
    /// keystore), or explicitly in memory with <see cref="AddInMemoryWalletState"/>.
    /// </summary>
    /// <param name="options">The wallet's policy; the defaults when null.</param>
    /// <returns>This builder.</returns>
    public HonninBuilder AddHolder(HolderOptions? options = null)
    {
        var policy = options ?? new HolderOptions();
        AddRole<HolderOptions, MdocHolder>(_ => policy, (sp, o) => new MdocHolder(Store(sp), Keys(sp), o, Clock(sp), sp.GetService<ILogger<MdocHolder>>()));
        return AddRole<HolderOptions, SdJwtVcHolder>(_ => policy, (sp, o) => new SdJwtVcHolder(Store(sp), Keys(sp), o, Clock(sp), sp.GetService<ILogger<SdJwtVcHolder>>()));
    }

    /// <summary>
    /// Registers the wallet's state in process memory (credential store with its presentation log, device keys), unless the app
    /// registered its own: for tools, tests and samples. A real wallet keeps credentials encrypted and keys in a keystore.
    /// </summary>
    /// <returns>This builder.</returns>
    public HonninBuilder AddInMemoryWalletState()
    {
        Services.TryAddSingleton<ICredentialStore, InMemoryCredentialStore>();
        Services.TryAddSingleton<InMemoryDeviceKeyResolver>();
        Services.TryAddSingleton<IDeviceKeyResolver>(sp => sp.GetRequiredService<InMemoryDeviceKeyResolver>());
        return this;
    }

    private static Func<IServiceProvider, T> Validated<T>(T options, Action<T> validate)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(options);
        validate(options);
        return _ => options;
    }

    private static TimeProvider Clock(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    private static ICredentialStore Store(IServiceProvider services) =>
        services.GetService<ICredentialStore>()
        ?? throw new InvalidOperationException("The wallet needs an ICredentialStore: register the app's own, or call AddInMemoryWalletState() for tools and tests.");

    private static IDeviceKeyResolver Keys(IServiceProvider services) =>
        services.GetService<IDeviceKeyResolver>()
        ?? throw new InvalidOperationException("The wallet needs an IDeviceKeyResolver: register the app's own, or call AddInMemoryWalletState() for tools and tests.");

    private HonninBuilder AddRole<TOptions, TRole>(Func<IServiceProvider, TOptions> options, Func<IServiceProvider, TOptions, TRole> create)
        where TRole : class
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Services.Any(d => d.ServiceType == typeof(TRole)))
        {
            throw new InvalidOperationException($"{typeof(TRole).Name} is already registered; a host registers each role once.");
        }

        Services.AddSingleton(sp => create(sp, options(sp) ?? throw new InvalidOperationException($"The options factory for {typeof(TRole).Name} returned null.")));
        return this;
    }
}
