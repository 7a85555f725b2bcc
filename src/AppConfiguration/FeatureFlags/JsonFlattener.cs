using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Flattens a JSON element into configuration entries the way .NET's JSON configuration does: objects and arrays
/// become path segments (array items by index), scalars their text (<c>True</c>/<c>False</c> for booleans, the raw
/// number, <c>""</c> for null), and an empty object or array a null entry.
/// </summary>
internal static class JsonFlattener
{
    public static void Flatten(JsonElement element, string path, IDictionary<string, string?> target)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in element.EnumerateObject())
                {
                    any = true;
                    Flatten(property.Value, ConfigurationPath.Combine(path, property.Name), target);
                }

                if (!any)
                {
                    target[path] = null;
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, ConfigurationPath.Combine(path, index.ToString(CultureInfo.InvariantCulture)), target);
                    index++;
                }

                if (index == 0)
                {
                    target[path] = null;
                }

                break;
            case JsonValueKind.String:
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Null:
                target[path] = element.ToString();
                break;
        }
    }
}
