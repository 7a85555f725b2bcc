// Every test starts its own emulator on a free port (in memory or in its own temp folder): run them all at once.
[assembly: Parallelizable(ParallelScope.Fixtures)]
