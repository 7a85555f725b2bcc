namespace OpenFeature.UsageTests;

/// <summary>
/// Base for README samples that use the <see cref="Api.Instance"/> singleton, as the README does. NUnit runs these
/// fixtures one after another, and every test leaves the singleton as it found it.
/// </summary>
[NonParallelizable]
public abstract class SingletonResetFixture
{
    [TearDown]
    public async Task ResetSingletonAsync() => await Api.Instance.ShutdownAsync();
}
