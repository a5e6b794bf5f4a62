namespace Beach.Actors.Streams;

/// <summary>One event of a stream as a subscriber receives it: the item and the token the stream gave it.</summary>
/// <param name="Token">Its position in the stream; subscribe with it as the resume token to continue after it.</param>
/// <param name="Item">What was published. It is shared, not copied, between subscribers: publish immutable items.</param>
public readonly record struct StreamEvent<T>(StreamSequenceToken Token, T Item);
