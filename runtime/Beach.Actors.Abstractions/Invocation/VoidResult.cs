namespace Beach.Actors.Invocation;

/// <summary>The result of a method that returns <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[Immutable]
public readonly struct VoidResult
{
    /// <summary>Adapts a <see cref="Task"/> to a <see cref="ValueTask{VoidResult}"/>, allocating only when it is not yet complete.</summary>
    public static ValueTask<VoidResult> From(Task task)
        => task.IsCompletedSuccessfully ? default : Await(task);

    /// <summary>Adapts a <see cref="ValueTask"/> to a <see cref="ValueTask{VoidResult}"/>.</summary>
    public static ValueTask<VoidResult> From(ValueTask task)
        => task.IsCompletedSuccessfully ? default : Await(task.AsTask());

    private static async ValueTask<VoidResult> Await(Task task)
    {
        await task;
        return default;
    }
}
