namespace Beach.Actors.Invocation;

/// <summary>How the runtime schedules a call to one method.</summary>
[Flags]
public enum InvokeMethodOptions
{
    /// <summary>No special scheduling.</summary>
    None = 0,

    /// <summary>The method is <see cref="ReadOnlyAttribute">[ReadOnly]</see>.</summary>
    ReadOnly = 1,

    /// <summary>The method is <see cref="AlwaysInterleaveAttribute">[AlwaysInterleave]</see>.</summary>
    AlwaysInterleave = 2,
}
