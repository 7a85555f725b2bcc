using OpenFeatureAppConfig.Emulator.Hosting;

namespace OpenFeatureAppConfig.Emulator.Tests.Hosting;

public class CommandLineTests
{
    [Test]
    public void Parses_every_option()
    {
        var options = CommandLine.Parse(["--port", "0", "--host", "0.0.0.0", "--seed", "flags.json", "--data", "./data", "--anonymous", "--accept-test-tokens"])!;

        Assert.That(options.Port, Is.Zero);
        Assert.That(options.Host, Is.EqualTo("0.0.0.0"));
        Assert.That(options.SeedFile, Is.EqualTo("flags.json"));
        Assert.That(options.DataPath, Is.EqualTo("./data"));
        Assert.That(options.AllowAnonymous, Is.True);
        Assert.That(options.AcceptTestTokens, Is.True);
    }

    [Test]
    public void Defaults_to_port_8483_in_memory_with_credentials_required()
    {
        var options = CommandLine.Parse([])!;
        Assert.That(options.Port, Is.EqualTo(8483));
        Assert.That(options.DataPath, Is.Null);
        Assert.That(options.AllowAnonymous, Is.False);
    }

    [TestCase("--port", "http")]
    [TestCase("--port", "70000")]
    [TestCase("--bogus")]
    [TestCase("--data")]
    public void Bad_arguments_are_errors_naming_the_option(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLine.Parse(args));
        Assert.That(error!.Message, Does.Contain(args[0]));
    }

    [Test]
    public void Help_returns_null() => Assert.That(CommandLine.Parse(["--help"]), Is.Null);
}
