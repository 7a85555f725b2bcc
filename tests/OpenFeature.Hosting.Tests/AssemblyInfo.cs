// Every test builds its own host; hosts must not share OpenFeature state, so they may all run at once.
[assembly: Parallelizable(ParallelScope.All)]
