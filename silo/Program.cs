using Beach.Actors.Gateway;
using Beach.Actors.Silo;
using Beach.Actors.Sqlite;

// beach-silo                     the embedded all-in-one node (silo + gateway + SQLite)
// beach-silo silo --postgres …   one silo of a cluster
// beach-silo gateway --postgres … the HTTP gateway of a cluster, a cluster client that hosts no grains
var mode = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "embedded";
var rest = mode == "embedded" ? args : args[1..];
try
{
    switch (mode)
    {
        case "embedded":
            await RunEmbeddedAsync(rest);
            break;
        case "silo":
            await RunClusterSiloAsync(rest);
            break;
        case "gateway":
            await RunGatewayAsync(rest);
            break;
        default:
            Console.Error.WriteLine($"Unknown mode '{mode}': run with no mode (the embedded node), 'silo' or 'gateway'.");
            return 2;
    }
}
catch (ArgumentException problem)
{
    Console.Error.WriteLine(problem.Message);
    return 2;
}

return 0;

static async Task RunEmbeddedAsync(string[] args)
{
    var app = EmbeddedSilo.Build(args);
    await app.StartAsync();
    var database = app.Services.GetRequiredService<SqliteDatabase>();
    var tenant = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.DevelopmentTenant;
    var url = EmbeddedSilo.Addresses(app).FirstOrDefault() ?? "(unknown)";
    Console.WriteLine($"""
        Beach.Actors embedded silo is running (one process: silo + gateway + SQLite).
          listening  {url}
          openapi    {url}/openapi/v1.json
          data       {database.DatabasePath}
          tenant     '{tenant}' (the development tenant; every request needs a bearer token)
          token      {SiloSecurity.MintStartupToken(app.Services)}
                     an admin token of tenant '{tenant}', valid for {Beach.Actors.Gateway.Security.SecurityOptions.DEFAULT_DEVELOPMENT_TOKEN_LIFETIME.TotalHours:0} h: export BEACH_TOKEN=<token>, or send 'Authorization: Bearer <token>'
                     mint more: beach token mint --data {Path.GetDirectoryName(database.DatabasePath)} --tenant {tenant} --scope pb:sessions.read --ttl 1h
        Press Ctrl+C to stop; activations are deactivated and pending writes committed first.
        """);
    await app.WaitForShutdownAsync();
}

static async Task RunClusterSiloAsync(string[] args)
{
    using var host = ClusterSilo.Build(args);
    await host.StartAsync();
    var options = host.Services.GetRequiredService<ClusterModeOptions>();
    Console.WriteLine($"""
        Beach.Actors cluster silo '{options.Name}' joined cluster '{options.ClusterId}'.
          silo       {ClusterSilo.AddressOf(host)} (host:port@generation; other silos and gateways connect here)
          database   PostgreSQL: membership, grain state, reminders, audit log
        Press Ctrl+C to leave: grains are deactivated and the silo leaves membership before it exits.
        """);
    await host.WaitForShutdownAsync();
}

static async Task RunGatewayAsync(string[] args)
{
    var app = GatewayProcess.Build(args);
    await app.StartAsync();
    var options = app.Services.GetRequiredService<ClusterModeOptions>();
    var url = EmbeddedSilo.Addresses(app).FirstOrDefault() ?? "(unknown)";
    Console.WriteLine($"""
        Beach.Actors gateway '{options.Name}' is serving cluster '{options.ClusterId}' (a cluster client: it hosts no grains).
          listening  {url}
          openapi    {url}/openapi/v1.json
        Press Ctrl+C to stop.
        """);
    await app.WaitForShutdownAsync();
}
