namespace Beach.Actors.Runtime.Tests;

/// <summary>
/// Tests that run many silos' loops in one process and wait for them to settle (membership on a manual clock,
/// in-process clusters) run alone, after the rest: beside other test classes on two cores, a settle can starve.
/// </summary>
[CollectionDefinition(NAME, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string NAME = "timing-sensitive";
}
