using Npgsql;

namespace Beach.Actors.Postgres.Tenancy;

/// <summary>
/// Sets <c>beach.tenant</c>, which the row-level security policies of the tenant-owned tables compare each row's
/// tenant with, for the rest of the current transaction only (<c>set_config(…, true)</c>), so a pooled connection
/// never carries one tenant's setting into the next use.
/// </summary>
internal static class TenantScope
{
    private const string SetTenant = "SELECT set_config('beach.tenant', $1, true)";

    /// <summary>
    /// A batch whose first command sets the tenant. Without an explicit transaction the batch runs as one implicit
    /// transaction, so the setting holds for every command in it and for nothing after it.
    /// </summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, string tenant, NpgsqlTransaction? transaction = null)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        Add(batch, tenant);
        return batch;
    }

    /// <summary>Adds a command that switches the tenant for the commands after it in the same transaction.</summary>
    public static void Add(NpgsqlBatch batch, string tenant)
    {
        var command = new NpgsqlBatchCommand(SetTenant);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        batch.BatchCommands.Add(command);
    }
}
