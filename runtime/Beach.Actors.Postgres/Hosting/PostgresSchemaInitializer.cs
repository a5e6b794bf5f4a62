using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Postgres.Hosting;

/// <summary>
/// Applies the schema migrations when the host starts, so that a database the silo cannot migrate fails the start.
/// The providers await the same migration before their first statement, so nothing depends on hosted-service order.
/// </summary>
internal sealed class PostgresSchemaInitializer(PostgresDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
