namespace OpenFeature.Tests;

public class ApiTests
{
    [Test]
    public void Instance_IsSingleton() => Assert.That(Api.Instance, Is.Not.Null);
}
