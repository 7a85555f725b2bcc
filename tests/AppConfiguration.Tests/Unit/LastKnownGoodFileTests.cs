using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class LastKnownGoodFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("lkg-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Round_trips_data_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(_folder, "sub", "lkg.json");
        var savedAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        LastKnownGoodFile.Write(path, new Dictionary<string, string?> { ["a"] = "1" }, savedAt.AddDays(-1));
        LastKnownGoodFile.Write(path, new Dictionary<string, string?> { ["a:b"] = "2", ["n"] = null }, savedAt);

        var read = LastKnownGoodFile.TryRead(path)!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(read.SavedAt, Is.EqualTo(savedAt));
            Assert.That(read.Data, Is.EquivalentTo(new Dictionary<string, string?> { ["a:b"] = "2", ["n"] = null }));
            Assert.That(Directory.GetFiles(Path.Combine(_folder, "sub")), Is.EqualTo(new[] { path }));
        });
    }

    [Test]
    public void Missing_file_is_null_and_a_corrupt_one_is_InvalidDataException()
    {
        var path = Path.Combine(_folder, "lkg.json");
        Assert.That(LastKnownGoodFile.TryRead(path), Is.Null);

        File.WriteAllText(path, "{ half");
        Assert.Throws<InvalidDataException>(() => LastKnownGoodFile.TryRead(path));
    }
}
