using Honnin.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Honnin with a service collection.</summary>
public static class HonninServiceCollectionExtensions
{
    /// <summary>
    /// Starts registering Honnin: the returned builder adds issuers, a wallet and verifiers as singletons (each is
    /// thread-safe and keeps its loaded keys and validated chains). They use the host's <see cref="TimeProvider"/>
    /// (<see cref="TimeProvider.System"/> unless one is registered) and its <c>ILogger&lt;T&gt;</c> when logging is added.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    public static HonninBuilder AddHonnin(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return new HonninBuilder(services);
    }
}
