using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// One TCP connection to another silo, carrying calls both ways after the hello exchange. Requests wait in a bounded
/// outbox and in the table of unanswered calls; a writer gathers frames and flushes them together; a reader
/// dispatches each frame as it arrives. When the connection fails every unanswered call fails with it: a call that
/// was sent has an unknown outcome.
/// </summary>
internal sealed partial class SiloConnection
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly SiloConnectionContext _context;
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, Message> _unanswered = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _probes = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingRequests;
    private int _servingRequests;
    private long _nextWireId;
    private int _closeStarted;

    /// <summary>Responses decoded from the current read and not yet completed; touched only by the reader.</summary>
    private ResponseBatch? _responses;

    /// <summary>Wraps a socket whose hello exchange is done and whose reader may already hold bytes past the hello.</summary>
    public SiloConnection(Socket socket, PipeReader input, PipeWriter output, SiloAddress peer, bool initiatedHere, SiloConnectionContext context)
    {
        _socket = socket;
        _input = input;
        _output = output;
        Peer = peer;
        ServesClient = ClientAddresses.IsClient(peer);
        InitiatedHere = initiatedHere;
        _context = context;
    }

    /// <summary>The silo at the other end.</summary>
    public SiloAddress Peer { get; }

    /// <summary>Whether this silo opened the connection.</summary>
    public bool InitiatedHere { get; }

    /// <summary>Completes when the connection is closed, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => Volatile.Read(ref _closeStarted) == 0;

    /// <summary>Requests sent or waiting to be sent and not yet answered.</summary>
    public int PendingRequests => Volatile.Read(ref _pendingRequests);

    /// <summary>
    /// Whether nothing is owed either way: no call sent and unanswered, and none received and unanswered. A leaving
    /// silo closes its connections once they are all quiet.
    /// </summary>
    public bool IsQuiet => OwedCalls == 0;

    /// <summary>Calls sent and not yet answered, plus calls received and not yet answered.</summary>
    public int OwedCalls => PendingRequests + Volatile.Read(ref _servingRequests);

    /// <summary>Writes what is queued, then closes: the end of a graceful leave. <see cref="Closed"/> tells when.</summary>
    public void FinishWrites() => _outbox.Writer.TryComplete();

    public void Start()
    {
        _ = Task.Run(ReadLoopAsync);
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Sends a call; its response completes the message. Never throws: a refusal answers the message.</summary>
    public void SendRequest(Message message)
    {
        if (Interlocked.Increment(ref _pendingRequests) > _context.Options.MaxPendingRequestsPerConnection)
        {
            Interlocked.Decrement(ref _pendingRequests);
            message.Respond(Response.FromException(new OverloadedException(
                $"The connection to silo {Peer} has {_context.Options.MaxPendingRequestsPerConnection} unanswered calls "
                + "(SiloTransportOptions.MaxPendingRequestsPerConnection).",
                _context.OverloadRetryAfter)));
            return;
        }

        var wireId = Interlocked.Increment(ref _nextWireId);
        _unanswered[wireId] = message;
        if (!_outbox.Writer.TryWrite(Outgoing.ForRequest(wireId, message)) || !IsOpen)
        {
            FailUnanswered(wireId, new SiloUnavailableException($"The connection to silo {Peer} closed before the call was sent."));
        }
    }

    /// <summary>Sends the outcome of a call that arrived on this connection.</summary>
    public void SendResponse(long wireId, Response response, IInvokable request, SiloAddress? servedBy = null)
    {
        // A response for a closed connection has nowhere to go: the caller's side already failed the call.
        Interlocked.Decrement(ref _servingRequests);
        _outbox.Writer.TryWrite(Outgoing.ForResponse(wireId, response, request, servedBy));
    }

    /// <summary>Whether the peer is a cluster client, which hosts no grains and learns where grains run from hints.</summary>
    public bool ServesClient { get; }

    /// <summary>Completes when the peer answers a ping; throws when it does not in time or the connection closes.</summary>
    public async Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probeId = Interlocked.Increment(ref _nextWireId);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[probeId] = answered;
        try
        {
            if (!_outbox.Writer.TryWrite(Outgoing.ForProbe(FrameKind.Ping, probeId)))
            {
                throw new SiloUnavailableException($"The connection to silo {Peer} is closed.");
            }

            await answered.Task.WaitAsync(timeout, _context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _probes.TryRemove(probeId, out _);
        }
    }

    /// <summary>Drops calls whose caller stopped waiting (timed out or cancelled); their responses, if any, are ignored.</summary>
    public void SweepAbandoned(long nowTimestamp)
    {
        foreach (var (wireId, message) in _unanswered)
        {
            if ((message.IsCancelled || message.DeadlineTimestamp <= nowTimestamp) && _unanswered.TryRemove(wireId, out _))
            {
                Interlocked.Decrement(ref _pendingRequests);
            }
        }
    }

    /// <summary>Closes the connection and fails what it still owes. Safe to call more than once.</summary>
    public void Close(Exception? reason)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception)
        {
            // Already gone.
        }

        _socket.Dispose();
        foreach (var wireId in _unanswered.Keys)
        {
            FailUnanswered(wireId, new GrainCallTimeoutException(
                $"The connection to silo {Peer} was lost before the call was answered; the outcome is unknown."));
        }

        foreach (var probe in _probes.Values)
        {
            probe.TrySetException(new SiloUnavailableException($"The connection to silo {Peer} was lost.", reason));
        }

        if (reason is not null)
        {
            _context.Log.ConnectionLost(Peer, reason.Message);
        }

        _closed.TrySetResult();
        _context.OnClosed(this);
    }

    private void FailUnanswered(long wireId, Exception exception)
    {
        if (_unanswered.TryRemove(wireId, out var message))
        {
            Interlocked.Decrement(ref _pendingRequests);
            message.Respond(Response.FromException(exception));
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (Frames.TryRead(ref buffer, _context.Options.MaxFrameBytes, out var kind, out var payload))
                {
                    Dispatch(kind, payload);
                }

                CompleteResponses();

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    failure = new EndOfStreamException($"Silo {Peer} closed the connection.");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        Close(failure);
    }

    private void Dispatch(FrameKind kind, ReadOnlySequence<byte> payload)
    {
        switch (kind)
        {
            case FrameKind.Request:
                Receive(payload);
                break;
            case FrameKind.Response:
                var wireId = MessageCodec.ReadResponseId(payload);
                if (_unanswered.TryRemove(wireId, out var message))
                {
                    Interlocked.Decrement(ref _pendingRequests);
                    _responses ??= new ResponseBatch();
                    var response = DecodeResponse(payload, message.Body, out var servedBy);
                    if (response.Exception is null)
                    {
                        _context.OnServed(message.Target, servedBy, this);
                    }

                    _responses.Add(message, response);
                    if (_responses.IsFull)
                    {
                        CompleteResponses();
                    }
                }

                break;
            case FrameKind.Ping:
                _outbox.Writer.TryWrite(Outgoing.ForProbe(FrameKind.Pong, Frames.ReadId(payload)));
                break;
            case FrameKind.Pong:
                if (_probes.TryGetValue(Frames.ReadId(payload), out var probe))
                {
                    probe.TrySetResult();
                }

                break;
            default:
                // A kind from a newer silo: skipped, as the envelope promises.
                break;
        }
    }

    /// <summary>Hands the responses read so far to the pool (see <see cref="ResponseBatch"/>).</summary>
    private void CompleteResponses()
    {
        if (_responses is { } batch)
        {
            _responses = null;
            ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
        }
    }

    private static Response DecodeResponse(ReadOnlySequence<byte> payload, IInvokable request, out SiloAddress? servedBy)
    {
        try
        {
            return MessageCodec.ReadResponse(payload, request, out servedBy);
        }
        catch (Exception exception)
        {
            servedBy = null;
            return Response.FromException(exception);
        }
    }

    private void Receive(ReadOnlySequence<byte> payload)
    {
        WireRequest request;
        try
        {
            request = _context.Codec.ReadRequest(payload);
        }
        catch (Exception exception)
        {
            // The call cannot run; its caller hears why. The id comes first, so it is readable when the rest is not.
            var wireId = MessageCodec.ReadResponseId(payload);
            _outbox.Writer.TryWrite(Outgoing.ForResponse(wireId, Response.FromException(exception), answered: null));
            return;
        }

        var deadline = request.Timeout is { } timeout
            ? _context.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _context.TimeProvider.TimestampFrequency)
            : long.MaxValue;
        var message = new Message(
            request.MessageId,
            request.Target,
            request.Body,
            new RemoteResponseSink(this, request.MessageId, request.Body),
            request.Chain,
            deadline);
        Interlocked.Increment(ref _servingRequests);
        _context.Deliver(message, this);
    }

    private async Task WriteLoopAsync()
    {
        var scratch = new ArrayBufferWriter<byte>(4096);
        var reader = _outbox.Reader;
        Exception? failure = null;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    Write(item, scratch);
                    if (_output.UnflushedBytes >= _context.Options.FlushThresholdBytes)
                    {
                        await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
                    }
                }

                await _output.FlushAsync(_closing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        Close(failure);
    }

    private void Write(in Outgoing item, ArrayBufferWriter<byte> scratch)
    {
        switch (item.Kind)
        {
            case FrameKind.Request:
                WriteRequest(item.Id, item.Request!, scratch);
                break;
            case FrameKind.Response:
                WriteResponse(item.Id, item.Response!, item.Answered, item.ServedBy, scratch);
                break;
            default:
                Frames.WriteId(_output, item.Kind, item.Id);
                break;
        }
    }

    private void WriteRequest(long wireId, Message message, ArrayBufferWriter<byte> scratch)
    {
        if (!_unanswered.ContainsKey(wireId))
        {
            return; // The caller gave up before the call left.
        }

        scratch.ResetWrittenCount();
        try
        {
            MessageCodec.WriteRequest(scratch, wireId, message.Target, message.Body, message.Chain, RemainingTimeout(message));
        }
        catch (Exception exception)
        {
            FailUnanswered(wireId, exception);
            return;
        }

        Frames.Write(_output, FrameKind.Request, scratch.WrittenSpan);
    }

    private void WriteResponse(long wireId, Response response, IInvokable? answered, SiloAddress? servedBy, ArrayBufferWriter<byte> scratch)
    {
        // The codec answers a result it cannot serialize with a wire error instead of throwing.
        scratch.ResetWrittenCount();
        MessageCodec.WriteResponse(scratch, wireId, response, answered, servedBy);
        Frames.Write(_output, FrameKind.Response, scratch.WrittenSpan);
    }

    private TimeSpan? RemainingTimeout(Message message)
    {
        if (message.DeadlineTimestamp == long.MaxValue)
        {
            return null;
        }

        var left = _context.TimeProvider.GetElapsedTime(_context.TimeProvider.GetTimestamp(), message.DeadlineTimestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
