using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.Mvc.TagHelpers;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>What a view's <c>&lt;feature name="..."&gt;</c> renders for the request's user, without a view.</summary>
internal static class FeatureTagHelperProbe
{
    /// <summary>"True" when the tag helper keeps its content for <paramref name="flag"/>, else "False".</summary>
    public static async Task<string> RenderAsync(string flag, IFeatureManagerSnapshot manager, IVariantFeatureManagerSnapshot variants)
    {
        var helper = new FeatureTagHelper(manager, variants) { Name = flag };
        var output = new TagHelperOutput("feature", [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));
        output.Content.SetContent("shown");
        await helper.ProcessAsync(new TagHelperContext([], new Dictionary<object, object>(), "id"), output);
        return (!output.Content.IsEmptyOrWhiteSpace).ToString();
    }
}
