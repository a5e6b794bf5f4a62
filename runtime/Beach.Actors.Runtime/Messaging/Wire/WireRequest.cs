using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>A request as it came off the wire, ready to become a <see cref="Message"/>.</summary>
/// <param name="MessageId">The caller's id for the call; its response carries the same.</param>
/// <param name="Target">The grain called.</param>
/// <param name="Body">The call, rebuilt by the method's generated reader; its token is the receiver's to supply.</param>
/// <param name="Chain">The grains the call came through, newest first; null for a call from outside any grain.</param>
/// <param name="Timeout">How long the caller waits from sending; null when it waits forever.</param>
internal readonly record struct WireRequest(long MessageId, GrainId Target, IInvokable Body, CallChain? Chain, TimeSpan? Timeout);
