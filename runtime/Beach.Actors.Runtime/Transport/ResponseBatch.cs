using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// Responses read together from one connection, completed together on the pool: the callers' continuations leave
/// the reader thread (which would otherwise run every caller of the connection) at the cost of one pool item per
/// batch instead of one per response.
/// </summary>
internal sealed class ResponseBatch : IThreadPoolWorkItem
{
    /// <summary>Responses one pool item completes; a larger read is split so both cores take a share.</summary>
    public const int MAX_SIZE = 16;

    private readonly (Message Message, Response Response)[] _items = new (Message, Response)[MAX_SIZE];

    public int Count { get; private set; }

    public bool IsFull => Count == MAX_SIZE;

    public void Add(Message message, Response response) => _items[Count++] = (message, response);

    public void Execute()
    {
        for (var i = 0; i < Count; i++)
        {
            var (message, response) = _items[i];
            _items[i] = default;
            message.Respond(response);
        }
    }
}
