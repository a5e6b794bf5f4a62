namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>Waits, in real time, for a condition that real silos reach by themselves (sockets and membership run on the system clock).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {what}.");
            }

            await Task.Delay(Poll);
        }
    }
}
