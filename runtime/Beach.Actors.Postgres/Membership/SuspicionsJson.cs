using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Beach.Actors.Cluster;

namespace Beach.Actors.Postgres.Membership;

/// <summary>
/// How <c>membership.suspicions</c> stores a silo's suspect votes: a JSON array of
/// <c>{"voter": "host:port@generation", "at": "&lt;ISO 8601 UTC&gt;"}</c>, oldest first.
/// </summary>
internal static class SuspicionsJson
{
    private const string Voter = "voter";
    private const string At = "at";

    public static string Write(ImmutableArray<SuspectVote> votes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes.IsDefault ? [] : votes)
            {
                writer.WriteStartObject();
                writer.WriteString(Voter, vote.Voter.ToString());
                writer.WriteString(At, vote.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static ImmutableArray<SuspectVote> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var votes = ImmutableArray.CreateBuilder<SuspectVote>(document.RootElement.GetArrayLength());
        foreach (var vote in document.RootElement.EnumerateArray())
        {
            votes.Add(new SuspectVote(
                SiloAddress.Parse(vote.GetProperty(Voter).GetString()!),
                DateTimeOffset.Parse(vote.GetProperty(At).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return votes.MoveToImmutable();
    }
}
