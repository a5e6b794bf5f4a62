namespace Beach.Actors.Postgres.Tests;

/// <summary>The writer's counters subtract and add field by field, so a bench can take a row's share of several writers.</summary>
public sealed class PostgresGroupCommitStatisticsTests
{
    private static readonly PostgresGroupCommitStatistics Earlier = new(
        1, 2, 3, 4, 5, TimeSpan.FromTicks(6), TimeSpan.FromTicks(7), TimeSpan.FromTicks(8), TimeSpan.FromTicks(9));

    private static readonly PostgresGroupCommitStatistics Later = new(
        11, 22, 33, 44, 55, TimeSpan.FromTicks(66), TimeSpan.FromTicks(77), TimeSpan.FromTicks(88), TimeSpan.FromTicks(99));

    [Fact]
    public void Since_subtracts_every_counter_and_every_phase()
        => Later.Since(Earlier).ShouldBe(new PostgresGroupCommitStatistics(
            10, 20, 30, 40, 50, TimeSpan.FromTicks(60), TimeSpan.FromTicks(70), TimeSpan.FromTicks(80), TimeSpan.FromTicks(90)));

    [Fact]
    public void A_sum_adds_every_counter_and_every_phase_and_undoes_since()
    {
        (Earlier + Later).ShouldBe(new PostgresGroupCommitStatistics(
            12, 24, 36, 48, 60, TimeSpan.FromTicks(72), TimeSpan.FromTicks(84), TimeSpan.FromTicks(96), TimeSpan.FromTicks(108)));
        (Later.Since(Earlier) + Earlier).ShouldBe(Later);
    }

    [Fact]
    public void The_mean_batch_counts_refused_appends_and_is_zero_before_any_batch()
    {
        Later.MeanBatchSize.ShouldBe((22 + 33) / 11.0);
        default(PostgresGroupCommitStatistics).MeanBatchSize.ShouldBe(0);
    }
}
