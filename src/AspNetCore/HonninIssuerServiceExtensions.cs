using Honnin.DependencyInjection;
using Honnin.Issuer.Mdoc;
using Honnin.Issuer.Protocol;
using Honnin.Issuer.SdJwt;
using Honnin.Issuer.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Honnin.AspNetCore;

/// <summary>Registers the OpenID4VCI issuer service.</summary>
public static class HonninIssuerServiceExtensions
{
    /// <summary>
    /// Adds the OpenID4VCI issuer service (<see cref="OpenId4VciIssuer"/>) over the mdoc and SD-JWT VC issuers
    /// registered with <c>AddMdocIssuer</c> / <c>AddSdJwtVcIssuer</c> and the <see cref="IssuerStores"/> the app
    /// registers (e.g. from a SQLite or PostgreSQL issuer store), or <see cref="AddInMemoryIssuerState"/> for tests.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">Makes the options.</param>
    /// <returns>The builder.</returns>
    public static HonninBuilder AddIssuer(this HonninBuilder builder, Func<IServiceProvider, IssuerServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.TryAddSingleton(sp =>
        {
            var service = options(sp);
            service.Issuer.Validate();
            if (service.AdminToken is { Length: < AdminToken.MinLength })
            {
                throw new ArgumentException("The admin token has at least 32 characters.", nameof(options));
            }

            return service;
        });
        builder.Services.TryAddSingleton(sp => new OpenId4VciIssuer(
            sp.GetRequiredService<IssuerServiceOptions>().Issuer,
            sp.GetService<IssuerStores>() ?? throw new InvalidOperationException("The issuer service needs IssuerStores: register the app's (e.g. IssuerStores.From(await SqliteIssuerStore.OpenAsync(...))), or call AddInMemoryIssuerState() for tests."),
            sp.GetService<MdocIssuer>(),
            sp.GetService<SdJwtVcIssuer>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<OpenId4VciIssuer>>()));
        return builder;
    }

    /// <summary>Adds the issuer service with fixed options.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The options, validated now.</param>
    /// <returns>The builder.</returns>
    public static HonninBuilder AddIssuer(this HonninBuilder builder, IssuerServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Issuer.Validate();
        return builder.AddIssuer(_ => options);
    }

    /// <summary>Registers the issuer's state in process memory, unless the app registered its own: for tests and samples only.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static HonninBuilder AddInMemoryIssuerState(this HonninBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryIssuerState>();
        builder.Services.TryAddSingleton(sp => IssuerStores.From(sp.GetRequiredService<InMemoryIssuerState>()));
        return builder;
    }
}
