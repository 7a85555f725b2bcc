namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class SnapshotJsonTests
{
    private static readonly KeyValueSnapshot Sample = KeyValueSnapshot.Create(42,
    [
        new SnapshotKeyValue("App:Secret", "prod", "p@ss\"word\u00e9", "text/plain", "e1"),
        new SnapshotKeyValue(".appconfig.featureflag/beta", null, "{\"id\":\"beta\"}", "application/vnd.microsoft.appconfig.ff+json;charset=utf-8", "e2"),
        new SnapshotKeyValue("App:Empty", null, null, null, null),
    ]);

    [Test]
    public void SnapshotRoundTripsWithItsHash()
    {
        var read = SnapshotJson.ReadSnapshot(SnapshotJson.Write(Sample));

        Assert.That(read.Version, Is.EqualTo(42));
        Assert.That(read.Hash, Is.EqualTo(Sample.Hash));
        Assert.That(read.KeyValues, Is.EqualTo(Sample.KeyValues));
    }

    [Test]
    public void SerializedFormIsCompactWithShortNames()
    {
        var json = System.Text.Encoding.UTF8.GetString(SnapshotJson.Write(KeyValueSnapshot.Create(3, [new SnapshotKeyValue("k", null, "v", null, "e")])));

        Assert.That(json, Does.StartWith("{\"f\":2,\"v\":3,\"h\":\"").And.EndWith("\",\"kv\":[{\"k\":\"k\",\"v\":\"v\",\"e\":\"e\"}]}"));
    }

    [Test]
    public void HashAndOrderDoNotDependOnTheInputOrderAndLastDuplicateWins()
    {
        var items = Sample.KeyValues.ToList();
        var reversed = KeyValueSnapshot.Create(42, Enumerable.Reverse(items).Prepend(items[0] with { Value = "overwritten" }));

        Assert.That(reversed.Hash, Is.EqualTo(Sample.Hash));
        Assert.That(reversed.KeyValues.Select(kv => kv.Key), Is.EqualTo(new[] { ".appconfig.featureflag/beta", "App:Empty", "App:Secret" }));
    }

    [Test]
    public void ContentThatDoesNotMatchTheHashIsRefused()
    {
        var json = System.Text.Encoding.UTF8.GetString(SnapshotJson.Write(Sample)).Replace("App:Empty", "App:Other", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => SnapshotJson.ReadSnapshot(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [TestCase("")]
    [TestCase("[]")]
    [TestCase("{\"f\":2,\"v\":-1,\"h\":\"x\",\"kv\":[]}")]
    [TestCase("{\"f\":2,\"v\":1,\"h\":\"x\",\"kv\":[{\"l\":\"no key\"}]}")]
    [TestCase("{\"f\":2,\"v\":1,\"h\":\"x\",\"kv\":[{\"k\":3}]}")]
    [TestCase("{\"f\":2,\"b\":0,\"v\":1,\"h\":\"x\"}")]
    [TestCase("{\"f\":\"2\",\"b\":0,\"v\":1,\"h\":\"x\",\"full\":true}")]
    public void MalformedInputIsAFormatException(string json)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(json);

        Assert.Throws<FormatException>(() => SnapshotJson.ReadSnapshot(utf8));
        Assert.Throws<FormatException>(() => SnapshotJson.ReadAnnouncement(utf8));
    }

    [TestCase(null)]
    [TestCase(1)]
    [TestCase(3)]
    public void AnotherFormatIsRefusedRatherThanMisapplied(int? format)
    {
        // Format 1 (no "f") hashed the whole serialization: its hashes mean something else.
        var formatField = format is null ? "" : $"\"f\":{format},";
        var snapshot = System.Text.Encoding.UTF8.GetBytes($"{{{formatField}\"v\":1,\"h\":\"{Sample.Hash}\",\"kv\":[]}}");
        var announcement = System.Text.Encoding.UTF8.GetBytes($"{{{formatField}\"b\":0,\"v\":1,\"h\":\"{Sample.Hash}\",\"full\":true}}");

        // Told apart from damage: the reader polls the store itself rather than keeping an old snapshot.
        Assert.That(() => SnapshotJson.ReadSnapshot(snapshot), Throws.TypeOf<SnapshotFormatMismatchException>().With.Message.Contains("format").And.Property("Found").EqualTo(format));
        Assert.That(() => SnapshotJson.ReadAnnouncement(announcement), Throws.TypeOf<SnapshotFormatMismatchException>().With.Message.Contains("format").And.Property("Found").EqualTo(format));
    }

    [Test]
    public void DeltaWithAWrongBaseGivesNothingInsteadOfAMixedSnapshot()
    {
        var v1 = Snapshots.Of(1, ("a", "1"), ("b", "1"));
        var v2 = Snapshots.Of(2, ("a", "2"), ("b", "1"));
        var otherBase = Snapshots.Of(1, ("a", "1"), ("b", "x"));

        Assert.That(SnapshotDelta.Between(v1, v2).ApplyTo(otherBase), Is.Null);
    }

    [Test]
    public void ToStringNeverShowsValues()
    {
        Assert.That(Sample.ToString(), Does.Not.Contain("p@ss"));
        Assert.That(Sample.KeyValues.Select(kv => kv.ToString()), Has.None.Contains("p@ss"));
    }
}
