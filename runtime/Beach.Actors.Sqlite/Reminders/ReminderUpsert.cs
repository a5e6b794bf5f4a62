using System.Globalization;
using Beach.Actors.Cluster;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Reminders;

/// <summary>Writes a reminder with a new ETag, in the writer's next batch.</summary>
internal sealed class ReminderUpsert(ReminderEntry entry, CancellationToken cancellationToken) : WriteOperation<string>(cancellationToken)
{
    protected override string Apply(WriteBatch batch)
    {
        var etag = (long)batch.Command(ReminderSql.NextEtag).ExecuteScalar()!;
        var upsert = batch.Command(ReminderSql.Upsert);
        upsert.Parameters[ReminderSql.GrainType].Value = entry.Grain.Type;
        upsert.Parameters[ReminderSql.GrainKey].Value = entry.Grain.Key;
        upsert.Parameters[ReminderSql.Name].Value = entry.Name;
        upsert.Parameters[ReminderSql.GrainHash].Value = (long)entry.Grain.GetUniformHashCode();
        upsert.Parameters[ReminderSql.StartAt].Value = entry.StartAt.ToUnixTimeMilliseconds();
        upsert.Parameters[ReminderSql.PeriodMs].Value = (long)entry.Period.TotalMilliseconds;
        upsert.Parameters[ReminderSql.Etag].Value = etag;
        upsert.ExecuteNonQuery();
        return etag.ToString(CultureInfo.InvariantCulture);
    }
}
