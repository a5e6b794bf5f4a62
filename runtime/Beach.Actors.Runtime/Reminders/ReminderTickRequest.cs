using Beach.Actors.Invocation;
using Beach.Actors.Reminders;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>One reminder tick as a call: <see cref="IRemindable.ReceiveReminder"/> on the grain, as an ordinary turn.</summary>
internal sealed class ReminderTickRequest(string name, TickStatus status) : IInvokable
{
    public static readonly MethodDescriptor Descriptor = new(nameof(IRemindable), nameof(IRemindable.ReceiveReminder), InvokeMethodOptions.None);

    public string Name { get; } = name;

    public TickStatus Status { get; } = status;

    public MethodDescriptor Method => Descriptor;

    public bool HasCancellationToken => false;

    public CancellationToken CancellationToken { get; set; }

    public async ValueTask<Response> InvokeAsync(object grain)
    {
        if (grain is not IRemindable remindable)
        {
            return Response.FromException(new InvalidOperationException(
                $"{grain.GetType().Name} has the reminder '{Name}' but does not implement {nameof(IRemindable)}; implement it or unregister the reminder."));
        }

        try
        {
            await remindable.ReceiveReminder(Name, Status);
            return Response.FromResult(default(VoidResult));
        }
        catch (Exception exception)
        {
            return Response.FromException(exception);
        }
    }

    /// <summary>Its fields are immutable: the copy is itself.</summary>
    public IInvokable DeepCopy() => this;
}
