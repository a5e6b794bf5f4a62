using Microsoft.Extensions.Logging;

namespace Beach.Actors.Sqlite.Logging;

/// <summary>The SQLite store's log messages.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Opened SQLite database {Path} (SQLite {SqliteVersion}, schema version {SchemaVersion})")]
    public static partial void DatabaseOpened(this ILogger logger, string path, string sqliteVersion, long schemaVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    public static partial void MigrationApplied(this ILogger logger, long version, string name);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "Group commit of {Count} writes failed and was rolled back; every write in it failed")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Rolling back a failed group commit failed")]
    public static partial void RollbackFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "Group-commit writer stopped after {Batches} batches and {Items} writes")]
    public static partial void WriterStopped(this ILogger logger, long batches, long items);

    [LoggerMessage(EventId = 6, Level = LogLevel.Critical, Message = "Group-commit writer crashed")]
    public static partial void WriterCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "Chained {Count} audit records written before the hash chain existed")]
    public static partial void AuditRowsChained(this ILogger logger, long count);
}
