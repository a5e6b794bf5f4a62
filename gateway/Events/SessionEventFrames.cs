using Beach.Actors.Sessions;
using Beach.Actors.Streams;

namespace Beach.Actors.Gateway.Events;

/// <summary>
/// The encoded recent events of one session, shared by all its connections: a thousand subscribers of one session
/// encode each event once, not a thousand times. A fixed ring indexed by sequence; an entry that does not match the
/// token asked for (older, or another epoch) is simply encoded again, so a miss costs work, never correctness.
/// </summary>
internal sealed class SessionEventFrames
{
    /// <summary>As many entries as a connection queues, so a subscriber within its queue finds its events here.</summary>
    private readonly EncodedSessionEvent?[] _entries;

    public SessionEventFrames(int capacity)
    {
        _entries = new EncodedSessionEvent?[Math.Max(1, capacity)];
    }

    public EncodedSessionEvent Get(in StreamEvent<SessionEvent> published)
    {
        var index = (int)((ulong)published.Token.Sequence % (ulong)_entries.Length);
        var entry = Volatile.Read(ref _entries[index]);
        if (entry is not null && entry.Token == published.Token)
        {
            return entry;
        }

        entry = SessionEventEncoder.Encode(published);
        Volatile.Write(ref _entries[index], entry);
        return entry;
    }
}
