using OpenFeature.Constant;
using OpenFeature.Internal;
using OpenFeature.Model;

namespace OpenFeature.Tests.Internal;

public class EvaluationResultsTests
{
    [Test]
    public void AResolutionReturnedAgain_YieldsTheSameDetails()
    {
        var resolution = new ResolutionDetails<bool>("flag", true, ErrorType.None, Reason.Static, "on");

        var first = EvaluationResults.FromResolution("flag", false, resolution);
        var second = EvaluationResults.FromResolution("flag", false, resolution);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(first.Value, Is.True);
            Assert.That(first.FlagMetadata, Is.Not.Null, "flag metadata is never null (1.4.14)");
        });
    }

    [Test]
    public void AnErrorResolution_YieldsTheDefaultValue_WithReasonError()
    {
        var resolution = new ResolutionDetails<string>("flag", "provider value", ErrorType.ParseError, errorMessage: "bad json");

        var details = EvaluationResults.FromResolution("flag", "default", resolution);

        Assert.Multiple(() =>
        {
            Assert.That(details.Value, Is.EqualTo("default"));
            Assert.That(details.ErrorType, Is.EqualTo(ErrorType.ParseError));
            Assert.That(details.Reason, Is.EqualTo(Reason.Error));
            Assert.That(details.ErrorMessage, Is.EqualTo("bad json"));
        });
    }
}
