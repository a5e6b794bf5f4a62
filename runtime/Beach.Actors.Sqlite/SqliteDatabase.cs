using System.Globalization;
using Beach.Actors.Sqlite.Logging;
using Beach.Actors.Sqlite.Migrations;
using Beach.Actors.Sqlite.Writing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beach.Actors.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a write acknowledged to a caller
/// has been fsynced and survives the process being killed. Opening it creates the directory, applies the schema
/// migrations and starts the single group-commit writer; reads use separate pooled connections, which in WAL mode
/// never block the writer nor wait for it.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private const string JournalModeWal = "wal";

    private readonly string _readConnectionString;
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    /// <summary>Opens (or creates) the database described by <paramref name="options"/> and migrates it.</summary>
    /// <param name="options">Where the file lives and how writes are batched.</param>
    /// <param name="timeProvider">The clock for timestamps the store writes itself; the system clock when null.</param>
    /// <param name="loggerFactory">Where the store logs; nowhere when null.</param>
    public SqliteDatabase(SqliteOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TimeProvider = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteDatabase>();

        DatabasePath = options.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var timeoutSeconds = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        var writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();

        var connection = new SqliteConnection(writeConnectionString);
        try
        {
            connection.Open();
            ApplyWritePragmas(connection, options);
            SchemaVersion = SqliteMigrator.Migrate(connection, SqliteMigrations.All, TimeProvider, logger);
            if (Audit.AuditChainBackfill.Run(connection) is > 0 and var chained)
            {
                logger.AuditRowsChained(chained);
            }

            logger.DatabaseOpened(DatabasePath, connection.ServerVersion, SchemaVersion);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _writer = new GroupCommitWriter(connection, options, TimeProvider, logger);
    }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath { get; }

    /// <summary>The highest migration applied to the file.</summary>
    public long SchemaVersion { get; }

    /// <summary>What the group-commit writer has done so far: batches, and writes per batch.</summary>
    public GroupCommitStatistics WriterStatistics => _writer.Statistics;

    internal TimeProvider TimeProvider { get; }

    internal GroupCommitWriter Writer => _writer;

    /// <summary>
    /// Opens a read-only connection from the pool. The caller disposes it. It sees every write acknowledged before
    /// the read began.
    /// </summary>
    public async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops accepting writes, commits every write already queued, closes the writer and releases pooled readers.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private static void ApplyWritePragmas(SqliteConnection connection, SqliteOptions options)
    {
        using var command = connection.CreateCommand();

        // journal_mode answers with the mode in force, which stays "delete" if WAL cannot be used (for example on
        // some network file systems): refuse to run without the durability and concurrency the design assumes.
        command.CommandText = "PRAGMA journal_mode = WAL";
        var journalMode = (string?)command.ExecuteScalar();
        if (!string.Equals(journalMode, JournalModeWal, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite database {connection.DataSource} cannot use WAL mode (journal mode is '{journalMode}').");
        }

        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages};");
        command.ExecuteNonQuery();
    }
}
