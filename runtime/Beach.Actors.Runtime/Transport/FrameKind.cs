namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// What a frame carries. A frame is a 4-byte little-endian length (of what follows), one kind byte and the payload.
/// A reader skips kinds it does not know, so a newer silo may add kinds without breaking older ones.
/// </summary>
internal enum FrameKind : byte
{
    /// <summary>The first frame either way: the sender's silo address and the address it meant to reach.</summary>
    Hello = 1,

    /// <summary>A grain call (the wire codec's request payload).</summary>
    Request = 2,

    /// <summary>The outcome of a call (the wire codec's response payload).</summary>
    Response = 3,

    /// <summary>A liveness probe from membership: 8 bytes of probe id.</summary>
    Ping = 4,

    /// <summary>The answer to a <see cref="Ping"/>, with the same id.</summary>
    Pong = 5,
}
