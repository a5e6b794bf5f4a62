using Microsoft.Extensions.Logging;

namespace Beach.Actors.Postgres.Logging;

/// <summary>The PostgreSQL providers' log messages.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "PostgreSQL database {Database} on {Host} is at schema version {SchemaVersion}")]
    public static partial void SchemaReady(this ILogger logger, string? database, string? host, long schemaVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    public static partial void MigrationApplied(this ILogger logger, long version, string name);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "Audit group commit of {Count} appends failed and was rolled back; every append in it failed")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Audit group-commit writer stopped after {Batches} batches and {Items} appends")]
    public static partial void WriterStopped(this ILogger logger, long batches, long items);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "Audit group-commit writer crashed")]
    public static partial void WriterCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Reason} ({Count} appends of one batch refused, none inserted)")]
    public static partial void AppendsFenced(this ILogger logger, string reason, int count);
}
