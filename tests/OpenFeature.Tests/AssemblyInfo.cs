// Every test builds its own isolated API instance, so all of them may run at once.
[assembly: Parallelizable(ParallelScope.All)]
