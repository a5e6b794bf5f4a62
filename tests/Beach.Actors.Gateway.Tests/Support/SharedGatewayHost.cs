using Beach.Actors.Testing.Http;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// One host for a class of tests that only read, or that must change nothing: starting a host per case would
/// cost more than the cases. Holds one registered session with a granted and a released lease in its audit log.
/// </summary>
public sealed class SharedGatewayHost : IAsyncLifetime
{
    public const string SESSION_ID = "term-1";

    private GatewayHost? _host;

    internal GatewayHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public ControlPlaneClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync();
        await Client.RegisterSessionAsync(SESSION_ID);
        var lease = (await Client.AcquireAsync(SESSION_ID, "ctl-a", 60_000)).Body;
        await Client.ReleaseAsync(SESSION_ID, lease.LeaseId);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
