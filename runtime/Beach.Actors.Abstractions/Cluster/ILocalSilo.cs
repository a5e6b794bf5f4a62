namespace Beach.Actors.Cluster;

/// <summary>
/// The silo incarnation this process runs, for providers that must act on its standing in the membership table (the
/// PostgreSQL audit log refuses appends from a silo the cluster declared dead). A cluster silo registers one; an
/// embedded single node has none, and providers then act for no silo.
/// </summary>
public interface ILocalSilo
{
    /// <summary>This silo incarnation's address: its membership row's key.</summary>
    SiloAddress Address { get; }

    /// <summary>A local silo whose address is <paramref name="address"/>.</summary>
    static ILocalSilo Of(SiloAddress address) => new Known(address);

    private sealed class Known(SiloAddress address) : ILocalSilo
    {
        public SiloAddress Address { get; } = address;
    }
}
