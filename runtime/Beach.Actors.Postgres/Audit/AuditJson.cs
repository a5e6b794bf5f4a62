using System.Text;
using System.Text.Json;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// Checks that an entry's data is one JSON value before it is queued: the column is <c>json</c>, and one bad entry
/// must fail its own append, not roll back the neighbours it would share a transaction with.
/// </summary>
internal static class AuditJson
{
    public static void Validate(string data)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(data));
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException error)
        {
            throw new ArgumentException("Audit entry data must be JSON.", nameof(data), error);
        }
    }
}
