using Beach.Actors.Postgres.Logging;
using Beach.Actors.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Beach.Actors.Postgres;

/// <summary>
/// One PostgreSQL database shared by the providers: a pooled <see cref="NpgsqlDataSource"/> and the schema they need.
/// The schema migrations run once per instance, before the first connection any provider opens
/// (<see cref="EnsureSchemaAsync"/>); a host also runs them at start-up, so a broken database fails the start rather
/// than the first grain call.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _migrating = new(1, 1);
    private readonly ILogger _logger;
    private long? _schemaVersion;

    /// <summary>Statements Npgsql keeps prepared per connection: the providers have fewer than this.</summary>
    private const int MAX_AUTO_PREPARE = 64;

    /// <summary>Uses of a statement before Npgsql prepares it: one-off statements (migrations) stay unprepared.</summary>
    private const int AUTO_PREPARE_MIN_USAGES = 2;

    /// <summary>Creates the data source described by <paramref name="options"/>; connects only when first used.</summary>
    /// <param name="options">The connection string, cluster id and audit writer limits.</param>
    /// <param name="timeProvider">The clock for timestamps the providers write themselves; the system clock when null.</param>
    /// <param name="loggerFactory">Where the providers (and Npgsql) log; nowhere when null.</param>
    public PostgresDatabase(PostgresOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger<PostgresDatabase>();
        DataSource = new NpgsqlDataSourceBuilder(Tuned(options.ConnectionString)).UseLoggerFactory(LoggerFactory).Build();
    }

    /// <summary>
    /// The providers run the same few statements over and over: unless the connection string says otherwise, Npgsql
    /// prepares them after their second use (PostgreSQL then neither parses nor plans them again) and does not reset
    /// a pooled connection on return, since the providers keep no session state (the tenant is set per transaction).
    /// Measured with bench lease-churn-cluster at 16 clients: PostgreSQL's CPU per lease op about halved.
    /// </summary>
    private static string Tuned(string connectionString)
    {
        // What the caller wrote, keyword by keyword: Npgsql's own builder answers for every keyword it knows.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MAX_AUTO_PREPARE;
            builder.AutoPrepareMinUsages = AUTO_PREPARE_MIN_USAGES;
        }

        if (!Names(given, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool Names(System.Data.Common.DbConnectionStringBuilder given, params string[] keywords)
        => keywords.Any(given.ContainsKey);

    /// <summary>The pooled data source every provider connects through.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The options the database was created with.</summary>
    public PostgresOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// Applies the missing schema migrations (once per instance; later calls return at once) and returns the schema
    /// version. Safe to run from several silos at once.
    /// </summary>
    public async Task<long> EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaVersion is { } ready)
        {
            return ready;
        }

        await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaVersion is { } migrated)
            {
                return migrated;
            }

            var version = await PostgresMigrator.MigrateAsync(DataSource, PostgresMigrations.All, TimeProvider, _logger, cancellationToken).ConfigureAwait(false);
            var connectionString = new NpgsqlConnectionStringBuilder(Options.ConnectionString);
            _logger.SchemaReady(connectionString.Database, connectionString.Host, version);
            _schemaVersion = version;
            return version;
        }
        finally
        {
            _migrating.Release();
        }
    }

    /// <summary>Opens a pooled connection once the schema is in place. The caller disposes it.</summary>
    internal async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="OpenConnectionAsync"/> for a caller on a thread of its own (the audit writer), which blocks in the
    /// socket's receive rather than handing each completion through the thread pool.
    /// </summary>
    internal NpgsqlConnection OpenConnection()
    {
        if (_schemaVersion is null)
        {
            EnsureSchemaAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return DataSource.OpenConnection();
    }

    /// <summary>Closes the data source and its pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _migrating.Dispose();
    }
}
