using System.Collections.Concurrent;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests.GrainDirectory;

public sealed class ActivationRegistrationTests
{
    [Fact]
    public async Task An_activation_that_loses_the_registration_runs_no_grain_code_and_its_calls_reach_the_winner()
    {
        await using var silo = await TestSilo.StartAsync();
        var directory = new ScriptedDirectory(losses: 1);
        silo.Services.GetRequiredService<ActivationShared>().Directory = directory;

        var answer = await silo.Grains.GetGrain<ITurnGrain>("contested").Touch();

        answer.ShouldBe(1);
        silo.Probe.Activations.ShouldBe(1);
        directory.Registrations.Count.ShouldBe(2);
        directory.Registrations[0].ShouldNotBe(directory.Registrations[1]);
    }

    [Fact]
    public async Task A_deactivated_activation_unregisters_itself()
    {
        await using var silo = await TestSilo.StartAsync(configureServices: services => services.AddSingleton(new ReminderLog()));
        var directory = new ScriptedDirectory(losses: 0);
        silo.Services.GetRequiredService<ActivationShared>().Directory = directory;

        await silo.Grains.GetGrain<IReminderGrain>("leaving").GoIdle();
        await Probe.WaitUntil(() => silo.Silo.ActivationCount == 0);

        directory.Unregistrations.ShouldBe([directory.Registrations.Single()]);
    }

    /// <summary>Says another silo won the first <c>losses</c> registrations, then lets activations win.</summary>
    private sealed class ScriptedDirectory(int losses) : IActivationDirectory
    {
        private int _losses = losses;

        public List<long> Registrations { get; } = [];

        public ConcurrentQueue<long> Unregistrations { get; } = new();

        public ValueTask<SiloAddress?> RegisterAsync(GrainId grain, long activationId)
        {
            lock (Registrations)
            {
                Registrations.Add(activationId);
            }

            return ValueTask.FromResult<SiloAddress?>(Interlocked.Decrement(ref _losses) >= 0 ? new SiloAddress("127.0.0.1", 1, 1) : null);
        }

        public ValueTask UnregisterAsync(GrainId grain, long activationId)
        {
            Unregistrations.Enqueue(activationId);
            return ValueTask.CompletedTask;
        }
    }
}
