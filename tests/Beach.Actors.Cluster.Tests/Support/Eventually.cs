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

    /// <summary>
    /// Calls until a call succeeds: right after a silo is declared dead, a call may still meet it (a cached directory
    /// entry, a connection being torn down) and fail as unavailable or outcome-unknown.
    /// </summary>
    public static async Task<T> ResultAsync<T>(Func<Task<T>> call, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception failure) when (failure is SiloUnavailableException or GrainCallTimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(Poll);
            }
        }
    }
}
