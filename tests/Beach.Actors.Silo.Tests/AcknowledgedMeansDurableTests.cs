using System.Collections.Concurrent;
using System.Net;
using Beach.Actors.Silo.Tests.Support;
using Beach.Actors.Testing.Http;
using Xunit.Abstractions;

namespace Beach.Actors.Silo.Tests;

/// <summary>
/// A caller that heard "granted" or "released" may act on it, so the event must survive the process dying the next
/// instant: here the silo executable is SIGKILLed in the middle of lease churn and started again on its data.
/// </summary>
public sealed class AcknowledgedMeansDurableTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SESSIONS = 4;
    private const int CLIENTS = 8;
    private const long TTL_MS = 60_000;
    private const int MAX_ITERATIONS_PER_CLIENT = 1_000_000;
    private static readonly TimeSpan s_churn = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_clientDeadline = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("beach-silo-tests-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_acknowledged_grant_and_release_survives_a_SIGKILL_with_its_fencing_token()
    {
        var sessions = Enumerable.Range(0, SESSIONS).Select(i => $"session-{i}").ToArray();
        var grants = new ConcurrentBag<Acknowledged>();
        var releases = new ConcurrentBag<Acknowledged>();

        await using (var silo = await SiloProcess.StartAsync(_dataDirectory))
        {
            foreach (var session in sessions)
            {
                await silo.Client.RegisterSessionAsync(session);
            }

            using var stop = new CancellationTokenSource();
            var killing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clients = Enumerable.Range(0, CLIENTS)
                .Select(c => Task.Run(() => ChurnAsync(silo.Client, sessions[c % SESSIONS], $"ctl-{c}", grants, releases, killing.Task, stop.Token)))
                .ToArray();

            await Task.Delay(s_churn);
            var killedWith = (grants.Count, releases.Count);
            killing.SetResult();
            await silo.KillAsync();
            await stop.CancelAsync();
            var failures = await Task.WhenAll(clients).WaitAsync(s_clientDeadline);
            failures.Where(f => f is not null).ShouldBeEmpty($"silo output:{Environment.NewLine}{silo.Output}");
            output.WriteLine($"Killed pid {silo.ProcessId} after {killedWith.Item1} acknowledged grants and {killedWith.Item2} releases; {grants.Count} and {releases.Count} by the time clients stopped.");
        }

        grants.ShouldNotBeEmpty("the churn acknowledged no grant, so it proved nothing");

        await using var restarted = await SiloProcess.StartAsync(_dataDirectory);
        foreach (var session in sessions)
        {
            (await restarted.Client.GetSessionAsync(session)).Status.ShouldBe(HttpStatusCode.OK);
            var events = await restarted.Client.ReadAllControllerEventsAsync(session, pageSize: 500);
            var granted = events.Where(e => e.Kind == "granted").ToDictionary(e => e.LeaseId, e => e.FencingToken);
            var released = events.Where(e => e.Kind == "released").Select(e => e.LeaseId).ToHashSet();

            foreach (var grant in grants.Where(g => g.SessionId == session))
            {
                granted.TryGetValue(grant.LeaseId, out var token).ShouldBeTrue($"acknowledged grant {grant} is not in the log of {session}");
                token.ShouldBe(grant.FencingToken, $"grant {grant.LeaseId} of {session}");
            }

            foreach (var release in releases.Where(r => r.SessionId == session))
            {
                released.ShouldContain(release.LeaseId, $"acknowledged release {release} is not in the log of {session}");
            }

            events.Select(e => e.Seq).ShouldBeInOrder(SortDirection.Ascending);
            events.Select(e => e.Seq).ShouldBeUnique();
            var tokens = events.Where(e => e.Kind == "granted").Select(e => e.FencingToken).ToArray();
            tokens.ShouldBeInOrder(SortDirection.Ascending);
            tokens.ShouldBeUnique();

            await ShouldContinueTheTokenSequenceAsync(restarted.Client, session, events);
        }
    }

    /// <summary>
    /// After the restart the session picks up where its log ends: the lease the log says is current can be
    /// released by its id, and the next grant gets the next token.
    /// </summary>
    private static async Task ShouldContinueTheTokenSequenceAsync(ControlPlaneClient client, string session, IReadOnlyList<ControllerEventJson> events)
    {
        var highest = events.Count == 0 ? 0 : events.Max(e => e.FencingToken);
        if (events.Count > 0 && events[^1].Kind is "granted" or "renewed")
        {
            (await client.ReleaseAsync(session, events[^1].LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
        }

        var next = await client.AcquireAsync(session, "after-restart", TTL_MS);
        next.Status.ShouldBe(HttpStatusCode.OK);
        next.Body.FencingToken.ShouldBe(highest + 1);
    }

    /// <summary>
    /// One client: acquire, and release what it got, over and over. Records only answers it read in full; stops
    /// when the silo is gone. Returns the unexpected answer that stopped it, if any.
    /// </summary>
    private static async Task<string?> ChurnAsync(
        ControlPlaneClient client, string session, string controllerId,
        ConcurrentBag<Acknowledged> grants, ConcurrentBag<Acknowledged> releases, Task killing, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + s_clientDeadline;
        for (var i = 0; i < MAX_ITERATIONS_PER_CLIENT && !stop.IsCancellationRequested && DateTime.UtcNow < deadline; i++)
        {
            try
            {
                var acquired = await UnlessRateLimitedAsync(() => client.AcquireAsync(session, controllerId, TTL_MS));
                if (acquired.Status == HttpStatusCode.Conflict)
                {
                    continue;
                }

                if (acquired.Status != HttpStatusCode.OK)
                {
                    return $"acquire on {session} answered {(int)acquired.Status}: {acquired.Problem}";
                }

                grants.Add(new Acknowledged(session, acquired.Body.LeaseId, acquired.Body.FencingToken));
                var released = await UnlessRateLimitedAsync(() => client.ReleaseAsync(session, acquired.Body.LeaseId));
                if (released.Status != HttpStatusCode.NoContent)
                {
                    return $"release on {session} answered {(int)released.Status}: {released.Problem}";
                }

                releases.Add(new Acknowledged(session, acquired.Body.LeaseId, acquired.Body.FencingToken));
            }
            catch (Exception error) when (error is HttpRequestException or IOException or TaskCanceledException)
            {
                // Killed under this request: it was never acknowledged, so it proves nothing either way. Before the kill,
                // a lost connection is a failure of its own, not a client quietly dropping out of the churn.
                return killing.IsCompleted ? null : $"{controllerId} lost its connection before the kill: {error.Message}";
            }
        }

        return null;
    }

    /// <summary>
    /// Sends again after the wait a 429 asks for: the gateway's per-controller rate limit (1,000/s, burst 2,000) is
    /// within reach of eight clients on a fast day, and a 429 applied nothing, so it is neither an answer to record
    /// nor a failure.
    /// </summary>
    private static async Task<ApiResponse<T>> UnlessRateLimitedAsync<T>(Func<Task<ApiResponse<T>>> send)
        where T : class
    {
        while (true)
        {
            var response = await send();
            if (response.Status != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    private sealed record Acknowledged(string SessionId, string LeaseId, long FencingToken);
}
