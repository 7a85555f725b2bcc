using System.Globalization;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class VariantEvaluationTests
{
    private const string Colors = """
        {"id":"Color","enabled":true,
         "variants":[{"name":"Red","configuration_value":"red"},{"name":"Blue","configuration_value":"blue"},{"name":"Green","configuration_value":"green"}],
         "allocation":{"default_when_enabled":"Red","default_when_disabled":"Green",
           "user":[{"variant":"Blue","users":["alice"]}],"group":[{"variant":"Green","groups":["staff"]}]}}
        """;

    [Test]
    public async Task String_flags_report_variant_and_why_it_was_assigned()
    {
        var provider = Flags.Provider(Colors);

        var byDefault = await provider.ResolveStringValueAsync("Color", "none", Flags.User("bob"));
        var byUser = await provider.ResolveStringValueAsync("Color", "none", Flags.User("alice"));
        var byGroup = await provider.ResolveStringValueAsync("Color", "none", Flags.User("carol", "staff"));

        Assert.Multiple(() =>
        {
            Assert.That((byDefault.Value, byDefault.Variant, byDefault.Reason), Is.EqualTo(("red", "Red", Reason.Static)));
            Assert.That((byUser.Value, byUser.Variant, byUser.Reason), Is.EqualTo(("blue", "Blue", Reason.TargetingMatch)));
            Assert.That((byGroup.Value, byGroup.Variant, byGroup.Reason), Is.EqualTo(("green", "Green", Reason.TargetingMatch)));
        });
    }

    [Test]
    public async Task A_disabled_flag_serves_its_default_when_disabled_variant()
    {
        var provider = Flags.Provider(Colors.Replace("\"enabled\":true", "\"enabled\":false"));

        var result = await provider.ResolveStringValueAsync("Color", "none", Flags.User("alice"));

        Assert.That((result.Value, result.Variant, result.Reason), Is.EqualTo(("green", "Green", Reason.Disabled)));
    }

    [Test]
    public async Task No_assigned_variant_returns_the_default_with_reason_default()
    {
        var provider = Flags.Provider("""
            {"id":"Plain","enabled":true,"variants":[{"name":"A","configuration_value":"a"}],"allocation":{"user":[{"variant":"A","users":["alice"]}]}}
            """);

        var result = await provider.ResolveStringValueAsync("Plain", "fallback", Flags.User("bob"));

        Assert.That((result.Value, result.Variant, result.Reason, result.ErrorType), Is.EqualTo(("fallback", (string?)null, Reason.Default, ErrorType.None)));
    }

    [Test]
    public async Task Percentile_allocation_reports_split_and_is_sticky_per_user()
    {
        var provider = Flags.Provider("""
            {"id":"Layout","enabled":true,
             "variants":[{"name":"Old","configuration_value":"old"},{"name":"New","configuration_value":"new"}],
             "allocation":{"percentile":[{"variant":"Old","from":0,"to":50},{"variant":"New","from":50,"to":100}],"seed":"layout-1"}}
            """);

        var first = new List<string>();
        var second = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var a = await provider.ResolveStringValueAsync("Layout", "x", Flags.User("user-" + i));
            var b = await provider.ResolveStringValueAsync("Layout", "x", Flags.User("user-" + i));
            Assert.That(a.Reason, Is.EqualTo(Reason.Split));
            first.Add(a.Value);
            second.Add(b.Value);
        }

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first, Does.Contain("old").And.Contain("new"));
        });
    }

    [Test]
    public async Task Numbers_convert_with_the_invariant_culture_whatever_the_current_one()
    {
        // Contrib weakness: numbers were parsed with the current culture ("2.5" is 25 in de-DE).
        var provider = Flags.Provider("""
            {"id":"Ratio","enabled":true,"variants":[{"name":"V","configuration_value":2.5}],"allocation":{"default_when_enabled":"V"}}
            """, """
            {"id":"Count","enabled":true,"variants":[{"name":"V","configuration_value":1234}],"allocation":{"default_when_enabled":"V"}}
            """);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var ratio = await provider.ResolveDoubleValueAsync("Ratio", 0);
            var count = await provider.ResolveIntegerValueAsync("Count", 0);
            var countAsDouble = await provider.ResolveDoubleValueAsync("Count", 0);

            Assert.That((ratio.Value, count.Value, countAsDouble.Value), Is.EqualTo((2.5, 1234, 1234.0)));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Test]
    public async Task Values_that_do_not_convert_are_a_type_mismatch()
    {
        var provider = Flags.Provider("""
            {"id":"Ratio","enabled":true,"variants":[{"name":"V","configuration_value":2.5}],"allocation":{"default_when_enabled":"V"}}
            """, """
            {"id":"Obj","enabled":true,"variants":[{"name":"O","configuration_value":{"a":1}}],"allocation":{"default_when_enabled":"O"}}
            """, """
            {"id":"Word","enabled":true,"variants":[{"name":"W","configuration_value":"hello"}],"allocation":{"default_when_enabled":"W"}}
            """);

        var integer = await provider.ResolveIntegerValueAsync("Ratio", 7);
        var text = await provider.ResolveStringValueAsync("Obj", "d");
        var number = await provider.ResolveDoubleValueAsync("Word", 1.5);

        Assert.Multiple(() =>
        {
            Assert.That((integer.Value, integer.ErrorType, integer.Reason, integer.Variant), Is.EqualTo((7, ErrorType.TypeMismatch, Reason.Error, (string?)"V")));
            Assert.That(integer.ErrorMessage, Does.Contain("Ratio").And.Contain("2.5"));
            Assert.That((text.Value, text.ErrorType), Is.EqualTo(("d", ErrorType.TypeMismatch)));
            Assert.That((number.Value, number.ErrorType), Is.EqualTo((1.5, ErrorType.TypeMismatch)));
        });
    }

    [Test]
    public async Task Objects_become_structures_losslessly()
    {
        var provider = Flags.Provider("""
            {"id":"Settings","enabled":true,"variants":[{"name":"S","configuration_value":
              {"limit":10,"ratio":0.25,"big":12345678901,"on":true,"name":"x","zip":"007","none":null,"tags":["a","b"],"nested":{"list":[1,{"k":"v"}]}}}],
             "allocation":{"default_when_enabled":"S"}}
            """);

        var result = await provider.ResolveStructureValueAsync("Settings", new Value());
        var s = result.Value.AsStructure!;

        Assert.Multiple(() =>
        {
            Assert.That(result.ErrorType, Is.EqualTo(ErrorType.None));
            Assert.That(s.GetValue("limit").AsInteger, Is.EqualTo(10));
            Assert.That(s.GetValue("limit").IsNumber, Is.True, "numbers stay numbers, not strings");
            Assert.That(s.GetValue("ratio").AsDouble, Is.EqualTo(0.25));
            Assert.That(s.GetValue("big").AsDouble, Is.EqualTo(12345678901d));
            Assert.That(s.GetValue("on").AsBoolean, Is.True);
            Assert.That(s.GetValue("name").AsString, Is.EqualTo("x"));
            Assert.That(s.GetValue("zip").AsString, Is.EqualTo("007"));
            Assert.That(s.GetValue("none").IsNull, Is.True);
            Assert.That(s.GetValue("tags").AsList!.Select(v => v.AsString), Is.EqualTo(new[] { "a", "b" }));
            var nested = s.GetValue("nested").AsStructure!.GetValue("list").AsList!;
            Assert.That(nested[0].AsInteger, Is.EqualTo(1));
            Assert.That(nested[1].AsStructure!.GetValue("k").AsString, Is.EqualTo("v"));
        });
    }

    [Test]
    public async Task Scalars_are_structures_too()
    {
        var provider = Flags.Provider("""
            {"id":"N","enabled":true,"variants":[{"name":"V","configuration_value":5}],"allocation":{"default_when_enabled":"V"}}
            """);

        var result = await provider.ResolveStructureValueAsync("N", new Value());

        Assert.That(result.Value.AsInteger, Is.EqualTo(5));
    }
}
