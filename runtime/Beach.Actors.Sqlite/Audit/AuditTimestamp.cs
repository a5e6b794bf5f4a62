namespace Beach.Actors.Sqlite.Audit;

/// <summary>
/// How <c>audit_log.at</c> stores a time: unix milliseconds. A record reads back as the same instant to the
/// millisecond, in UTC.
/// </summary>
internal static class AuditTimestamp
{
    public static long ToStored(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromStored(long stored) => DateTimeOffset.FromUnixTimeMilliseconds(stored);
}
