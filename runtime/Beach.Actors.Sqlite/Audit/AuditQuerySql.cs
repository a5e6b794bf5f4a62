using System.Globalization;
using System.Text;
using Beach.Actors.Audit;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>The text and parameters of one <see cref="AuditQuery"/> against <c>audit_log</c>.</summary>
internal static class AuditQuerySql
{
    public static string Text(AuditQuery query)
    {
        if (query.Streams is null)
        {
            return AuditLogSql.QueryPrefix + AuditLogSql.QuerySuffix;
        }

        // At most AuditQuery.MAX_STREAMS parameters, named by position: the text depends only on how many there are.
        var text = new StringBuilder(AuditLogSql.QueryPrefix).Append(" AND stream IN (");
        for (var i = 0; i < query.Streams.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(AuditLogSql.StreamPrefix).Append(i.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(')').Append(AuditLogSql.QuerySuffix).ToString();
    }

    public static void Bind(SqliteCommand command, AuditQuery query)
    {
        command.Parameters.AddWithValue(AuditLogSql.AfterSeq, query.AfterSeq);
        command.Parameters.AddWithValue(AuditLogSql.Limit, query.Limit);
        command.Parameters.AddWithValue(AuditLogSql.Kind, (object?)query.Kind ?? DBNull.Value);
        command.Parameters.AddWithValue(AuditLogSql.Actor, (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue(AuditLogSql.Since, query.Since is { } since ? AuditTimestamp.ToStored(since) : DBNull.Value);
        command.Parameters.AddWithValue(AuditLogSql.Until, query.Until is { } until ? AuditTimestamp.ToStored(until) : DBNull.Value);
        for (var i = 0; i < (query.Streams?.Count ?? 0); i++)
        {
            command.Parameters.AddWithValue(AuditLogSql.StreamPrefix + i.ToString(CultureInfo.InvariantCulture), query.Streams![i]);
        }
    }
}
