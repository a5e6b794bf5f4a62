// Each test runs a cluster of real silos whose failure detection runs on the system clock: on two cores, clusters
// running side by side would starve each other's probes. One test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
