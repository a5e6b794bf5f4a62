using System.Text.Json;
using Beach.Actors.Invocation;
using Beach.Actors.Reminders;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// One reminder tick as a call: <see cref="IRemindable.ReceiveReminder"/> on the grain, as an ordinary turn. The
/// reminder's owner and the grain's activation may be on different silos, so the tick travels like any generated
/// request; <see cref="Registry.GrainTypeRegistry"/> always knows its reader.
/// </summary>
internal sealed class ReminderTickRequest(string name, TickStatus status) : Request<VoidResult>
{
    /// <summary>
    /// The tick's wire id, written as the generator writes a method id, so that it can never change with a build and
    /// never collides with a generated method (no generated interface is <see cref="IRemindable"/>).
    /// </summary>
    public const string METHOD_ID = "Beach.Actors.Reminders.IRemindable.ReceiveReminder(string,Beach.Actors.Reminders.TickStatus)";

    public static readonly MethodDescriptor Descriptor = new(
        typeof(IRemindable).FullName!, nameof(IRemindable.ReceiveReminder), InvokeMethodOptions.None, responseTimeout: null, METHOD_ID);

    public string Name { get; } = name;

    public TickStatus Status { get; } = status;

    public override MethodDescriptor Method => Descriptor;

    protected override ValueTask<VoidResult> InvokeCore(object grain)
    {
        if (grain is not IRemindable remindable)
        {
            throw new InvalidOperationException(
                $"{grain.GetType().Name} has the reminder '{Name}' but does not implement {nameof(IRemindable)}; implement it or unregister the reminder.");
        }

        return VoidResult.From(remindable.ReceiveReminder(Name, Status));
    }

    /// <summary>Its fields are immutable: the copy is itself.</summary>
    public override Request<VoidResult> DeepCopy() => this;

    public override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        JsonSerializer.Serialize(writer, Name, options);
        JsonSerializer.Serialize(writer, Status, options);
        writer.WriteEndArray();
    }

    /// <summary>The tick's <see cref="RequestReader"/>: version tolerant as a generated one (unknown arguments skipped).</summary>
    public static IInvokable ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        string name = default!;
        TickStatus status = default;
        if (RequestArguments.Begin(ref reader))
        {
            for (var index = 0; RequestArguments.Next(ref reader); index++)
            {
                switch (index)
                {
                    case 0:
                        name = JsonSerializer.Deserialize<string>(ref reader, options)!;
                        break;
                    case 1:
                        status = JsonSerializer.Deserialize<TickStatus>(ref reader, options);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        return new ReminderTickRequest(name, status);
    }
}
