using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Agents.Discovery;

/// <summary>Adds the agents' options and, when a folder is configured, discovery to a silo.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AgentOptions"/> from <c>Agents</c> and <see cref="AgentDiscoveryOptions"/> from
    /// <c>Agents:Discovery</c>, and runs discovery when <c>Agents:Discovery:Folder</c> is set. Call after the silo is
    /// added, so that the silo starts before the first scan.
    /// </summary>
    public static IServiceCollection AddBeachAgents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection("Agents"));
        services.AddOptions<Onboarding.OnboardingOptions>().Bind(configuration.GetSection("Onboarding"));
        services.AddOptions<AgentDiscoveryOptions>().Bind(configuration.GetSection("Agents:Discovery"));
        if (!string.IsNullOrWhiteSpace(configuration["Agents:Discovery:Folder"]))
        {
            services.AddSingleton<AgentDiscoveryScanner>();
            services.AddSingleton<IAgentDiscovery>(sp => sp.GetRequiredService<AgentDiscoveryScanner>());
            services.AddHostedService<AgentDiscoveryService>();
        }

        return services;
    }
}
