using Beach.Actors.Gateway;
using Beach.Actors.Silo;
using Beach.Actors.Sqlite;

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
      tenant     '{tenant}': a single development tenant, no authentication yet (tokens arrive with a later release)
    Press Ctrl+C to stop; activations are deactivated and pending writes committed first.
    """);

await app.WaitForShutdownAsync();
