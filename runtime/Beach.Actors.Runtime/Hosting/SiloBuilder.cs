using System.Reflection;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Audit;
using Beach.Actors.Runtime.Registry;
using Beach.Actors.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>Configures a silo: its grain assemblies, storage and options.</summary>
public sealed class SiloBuilder
{
    internal SiloBuilder(IServiceCollection services, GrainTypeRegistry registry)
    {
        Services = services;
        Registry = registry;
    }

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    internal GrainTypeRegistry Registry { get; }

    /// <summary>Hosts the grain classes (and knows the interfaces) the generator found in <paramref name="assembly"/>.</summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        Registry.AddAssembly(assembly);
        return this;
    }

    /// <summary>Changes the silo's options.</summary>
    public SiloBuilder Configure(Action<SiloOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Keeps grain state and the audit log in memory: for tests, nothing survives the process.</summary>
    public SiloBuilder UseInMemoryStorage()
    {
        Services.TryAddKeyedSingleton<IGrainStorage>(StorageNames.Default, (_, _) => new MemoryGrainStorage());
        Services.TryAddSingleton<IAuditLog, MemoryAuditLog>();
        return this;
    }
}
