namespace Beach.Actors;

/// <summary>
/// Carries the activation under construction to <see cref="Grain"/>'s constructor, so that grain
/// constructors can take only their own collaborators.
/// </summary>
internal static class GrainActivationScope
{
    [ThreadStatic]
    private static IGrainContext? s_current;

    internal static IGrainContext? Current => s_current;

    internal static T Construct<T>(IGrainContext context, Func<T> create)
    {
        var previous = s_current;
        s_current = context;
        try
        {
            return create();
        }
        finally
        {
            s_current = previous;
        }
    }
}
