using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Client;

namespace Beach.Actors.Runtime.Tests.Client;

public sealed class GrainLocationsTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 22222, 2);

    [Fact]
    public void The_newest_answer_wins_and_a_departed_silo_takes_its_grains_with_it()
    {
        var locations = new GrainLocations(capacity: 10);
        locations.Learn(new GrainId("g", "1"), A);
        locations.Learn(new GrainId("g", "2"), A);
        locations.Learn(new GrainId("g", "1"), B);

        locations.TryGet(new GrainId("g", "1"), out var one).ShouldBeTrue();
        one.ShouldBe(B);
        locations.Forget(A);
        locations.TryGet(new GrainId("g", "2"), out _).ShouldBeFalse();
        locations.TryGet(new GrainId("g", "1"), out _).ShouldBeTrue();
    }

    [Fact]
    public void A_full_map_forgets_everything_and_learns_again()
    {
        var locations = new GrainLocations(capacity: 3);
        for (var i = 0; i < 3; i++)
        {
            locations.Learn(new GrainId("g", $"{i}"), A);
        }

        locations.Learn(new GrainId("g", "new"), B);

        locations.Count.ShouldBe(1);
        locations.TryGet(new GrainId("g", "new"), out var silo).ShouldBeTrue();
        silo.ShouldBe(B);
    }
}
