using System.Net;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.FeatureFlags;

/// <summary>The built-in filters' parameters are checked as the Azure portal does, so that a flag that would throw in an application is refused.</summary>
public class BuiltInFilterParameterTests
{
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";

    private static string Flag(string filterName, string parameters) =>
        """{"id":"Beta","enabled":true,"conditions":{"client_filters":[{"name":"Keep","parameters":{}},{"name":""" + "\"" + filterName + "\",\"parameters\":" + parameters + "}]}}";

    [TestCase("Microsoft.TimeWindow", """{"Start":"Mon, 01 Jan 2024 00:00:00 GMT","End":"Tue, 02 Jan 2024 00:00:00 GMT"}""")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T00:00:00Z"}""")]
    [TestCase("TimeWindow", """{"End":"2024-01-01T00:00:00.000+02:00"}""")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"Mon, 01 Jan 2024 08:00:00 GMT","End":"Mon, 01 Jan 2024 10:00:00 GMT","Recurrence":{"Pattern":{"Type":"Weekly","Interval":2,"DaysOfWeek":["Monday","Friday"],"FirstDayOfWeek":"Sunday"},"Range":{"Type":"EndDate","EndDate":"Mon, 01 Apr 2024 00:00:00 GMT","RecurrenceTimeZone":"UTC+08:00"}}}""")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Daily"},"Range":{"Type":"Numbered","NumberOfOccurrences":3}}}""")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Users":["alice"],"Groups":[{"Name":"beta","RolloutPercentage":50}],"DefaultRolloutPercentage":10,"Exclusion":{"Users":["bob"],"Groups":["ring2"]}}}""")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"DefaultRolloutPercentage":0}}""")]
    [TestCase("Microsoft.Percentage", """{"Value":50}""")]
    [TestCase("Percentage", """{"value":100}""")]
    [TestCase("Contoso.Custom", """{"anything":["goes"]}""")]
    public async Task Well_formed_parameters_are_stored(string filter, string parameters)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync(".appconfig.featureflag/Beta", Flag(filter, parameters), contentType: FlagContentType);
    }

    [TestCase("Microsoft.TimeWindow", """{"Start":"garbage"}""", "conditions.client_filters[1].parameters.Start")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T00:00:00Z","End":"yesterday"}""", "conditions.client_filters[1].parameters.End")]
    [TestCase("Microsoft.TimeWindow", """{"Start":42}""", "conditions.client_filters[1].parameters.Start")]
    [TestCase("Microsoft.TimeWindow", """{}""", "conditions.client_filters[1].parameters")]
    [TestCase("microsoft.timewindow", """{"Start":"Tue, 02 Jan 2024 00:00:00 GMT","End":"Mon, 01 Jan 2024 00:00:00 GMT"}""", "conditions.client_filters[1].parameters.End")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","Recurrence":{"Pattern":{"Type":"Daily"},"Range":{"Type":"NoEnd"}}}""", "conditions.client_filters[1].parameters.End")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Hourly"},"Range":{"Type":"NoEnd"}}}""", "conditions.client_filters[1].parameters.Recurrence.Pattern.Type")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Daily","Interval":0},"Range":{"Type":"NoEnd"}}}""", "conditions.client_filters[1].parameters.Recurrence.Pattern.Interval")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Weekly","DaysOfWeek":["Funday"]},"Range":{"Type":"NoEnd"}}}""", "conditions.client_filters[1].parameters.Recurrence.Pattern.DaysOfWeek[0]")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Weekly"},"Range":{"Type":"NoEnd"}}}""", "conditions.client_filters[1].parameters.Recurrence.Pattern.DaysOfWeek")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-03T10:00:00Z","Recurrence":{"Pattern":{"Type":"Daily"},"Range":{"Type":"NoEnd"}}}""", "conditions.client_filters[1].parameters.End")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Daily"},"Range":{"Type":"Numbered","NumberOfOccurrences":0}}}""", "conditions.client_filters[1].parameters.Recurrence.Range.NumberOfOccurrences")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Daily"},"Range":{"Type":"EndDate","EndDate":"soon"}}}""", "conditions.client_filters[1].parameters.Recurrence.Range.EndDate")]
    [TestCase("Microsoft.TimeWindow", """{"Start":"2024-01-01T08:00:00Z","End":"2024-01-01T10:00:00Z","Recurrence":{"Pattern":{"Type":"Daily"},"Range":{"Type":"NoEnd","RecurrenceTimeZone":"Mars/Olympus"}}}""", "conditions.client_filters[1].parameters.Recurrence.Range.RecurrenceTimeZone")]
    [TestCase("Microsoft.Targeting", """{}""", "conditions.client_filters[1].parameters.Audience")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Users":"alice"}}""", "conditions.client_filters[1].parameters.Audience.Users")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Users":[1]}}""", "conditions.client_filters[1].parameters.Audience.Users[0]")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Groups":[{"RolloutPercentage":50}]}}""", "conditions.client_filters[1].parameters.Audience.Groups[0].Name")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Groups":[{"Name":"beta","RolloutPercentage":101}]}}""", "conditions.client_filters[1].parameters.Audience.Groups[0].RolloutPercentage")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"DefaultRolloutPercentage":-1}}""", "conditions.client_filters[1].parameters.Audience.DefaultRolloutPercentage")]
    [TestCase("Targeting", """{"Audience":{"DefaultRolloutPercentage":"half"}}""", "conditions.client_filters[1].parameters.Audience.DefaultRolloutPercentage")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Exclusion":{"Groups":[{"Name":"x"}]}}}""", "conditions.client_filters[1].parameters.Audience.Exclusion.Groups[0]")]
    [TestCase("Microsoft.Targeting", """{"Audience":{"Exclusion":[]}}""", "conditions.client_filters[1].parameters.Audience.Exclusion")]
    [TestCase("Microsoft.Percentage", """{}""", "conditions.client_filters[1].parameters.Value")]
    [TestCase("Microsoft.Percentage", """{"Value":150}""", "conditions.client_filters[1].parameters.Value")]
    [TestCase("Microsoft.Percentage", """{"Value":"lots"}""", "conditions.client_filters[1].parameters.Value")]
    public async Task Malformed_parameters_are_a_400_naming_the_field(string filter, string parameters, string field)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.PutAsync(".appconfig.featureflag/Beta", Flag(filter, parameters), contentType: FlagContentType);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await ApiClient.ReadJsonAsync(response);
        Assert.That(problem.GetProperty("name").GetString(), Is.EqualTo(field));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(field));
        using var after = await client.GetAsync(ApiClient.KeyPath(".appconfig.featureflag/Beta"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void The_seeding_helper_applies_the_same_checks()
    {
        Assert.That(async () =>
        {
            await using var emulator = await AppConfigurationEmulator.StartAsync();
            await emulator.SetFeatureFlagAsync(Flag("Microsoft.TimeWindow", """{"Start":"garbage"}"""));
        }, Throws.ArgumentException.With.Message.Contains("parameters.Start"));
    }
}
