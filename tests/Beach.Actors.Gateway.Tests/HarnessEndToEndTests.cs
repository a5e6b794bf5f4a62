using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Harness;
using Beach.Actors.Testing.Http;

namespace Beach.Actors.Gateway.Tests;

/// <summary>The real harness process, driving a real target process, against the embedded control plane over HTTP.</summary>
public sealed class HarnessEndToEndTests
{
    private const string SESSION = "term-e2e";
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_controller_sends_1000_actions_and_the_harness_applies_them_in_order_and_acks()
    {
        await using var host = await GatewayHost.StartAsync();
        var output = Path.Combine(host.DataDirectory, "target-stdin.txt");
        // The harness gets just the scopes its --token help names.
        var harnessToken = host.MintToken(subject: "harness-1", scopes: [Gateway.Security.Scopes.SessionsWrite, Gateway.Security.Scopes.HarnessPublish, Gateway.Security.Scopes.ControlConsume]);
        await using var harness = HarnessProcess.Start(host.Http.BaseAddress!, SESSION, ["/bin/sh", "-c", $"cat > '{output}'"], harnessToken);
        await Until(async () => (await host.Client.GetSessionAsync(SESSION)).Value?.Status == "active", harness, "the harness registers and heartbeats");

        var lease = (await host.Client.AcquireAsync(SESSION, "ctl-a", 60_000)).Body;
        for (var batch = 0; batch < 10; batch++)
        {
            var actions = Enumerable.Range(batch * 100, 100).Select(i => (object)new { Kind = ActionApplier.TERMINAL_LINE, Payload = new { Text = $"line-{i}" } }).ToArray();
            (await host.Client.EnqueueAsync(SESSION, lease.LeaseId, lease.FencingToken, actions)).Status.ShouldBe(HttpStatusCode.Accepted);
        }

        await Until(async () => (await host.Client.ActionStatsAsync(SESSION)).Body.Acked == 1_000, harness, "the harness acks all 1,000 actions");
        await Until(() => Task.FromResult(File.Exists(output) && File.ReadAllLines(output).Length == 1_000), harness, "the target receives 1,000 lines");
        var stats = (await host.Client.ActionStatsAsync(SESSION)).Body;

        File.ReadAllLines(output).ShouldBe(Enumerable.Range(0, 1_000).Select(i => $"line-{i}"));
        stats.ShouldSatisfyAllConditions(
            s => s.Delivered.ShouldBe(1_000),
            s => s.QueueDepth.ShouldBe(0),
            s => s.DeliveryLatencyMs.Samples.ShouldBe(1_000),
            s => s.AckLatencyMs.Samples.ShouldBe(1_000),
            s => s.AckLatencyMs.Max.ShouldBeGreaterThan(0));

        // A controller whose lease was superseded is refused; the new lease's actions go through.
        await host.Client.ReleaseAsync(SESSION, lease.LeaseId);
        var next = (await host.Client.AcquireAsync(SESSION, "ctl-b", 60_000)).Body;
        var stale = await host.Client.EnqueueAsync(SESSION, lease.LeaseId, lease.FencingToken, [new { Kind = ActionApplier.TERMINAL_LINE, Payload = new { Text = "stale" } }]);
        await host.Client.EnqueueAsync(SESSION, next.LeaseId, next.FencingToken, [new { Kind = ActionApplier.TERMINAL_LINE, Payload = new { Text = "fresh" } }]);
        await Until(() => Task.FromResult(File.ReadAllLines(output).Length == 1_001), harness, "the new lease's action arrives");

        stale.Status.ShouldBe(HttpStatusCode.Conflict);
        File.ReadAllLines(output)[^1].ShouldBe("fresh");
        File.ReadAllText(output).ShouldNotContain("stale");
    }

    private static async Task Until(Func<Task<bool>> condition, HarnessProcess harness, string what)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline || harness.HasExited)
            {
                throw new TimeoutException($"Waited in vain for {what}; the harness printed:{Environment.NewLine}{harness.Output}");
            }

            await Task.Delay(20);
        }
    }
}
