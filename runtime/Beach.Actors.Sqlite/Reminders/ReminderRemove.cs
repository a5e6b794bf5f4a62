using System.Globalization;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Reminders;

/// <summary>Deletes a reminder if its ETag is still the one given, in the writer's next batch.</summary>
internal sealed class ReminderRemove(GrainId grain, string name, string etag, CancellationToken cancellationToken)
    : WriteOperation<bool>(cancellationToken)
{
    protected override bool Apply(WriteBatch batch)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        var remove = batch.Command(ReminderSql.Remove);
        remove.Parameters[ReminderSql.GrainType].Value = grain.Type;
        remove.Parameters[ReminderSql.GrainKey].Value = grain.Key;
        remove.Parameters[ReminderSql.Name].Value = name;
        remove.Parameters[ReminderSql.Etag].Value = version;
        return remove.ExecuteNonQuery() == 1;
    }
}
