using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary><c>GET</c>/<c>HEAD /keys?name=</c>: the distinct keys, 100 to a page.</summary>
internal static class KeysEndpoint
{
    /// <summary>Answers a key listing.</summary>
    public static Task HandleAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<KeyValueStore>();
        var target = RequestTarget.Of(context);
        var query = QueryParameters.Of(context);
        var names = NameFilter.Parse(query.Single("name"), "name", allowNull: false);
        var after = query.Single("after");
        var moment = PointInTime.Of(context);
        var items = moment is { } at ? store.StateAt(at) : store.Current;

        // Key-values are sorted by key, so distinct keys come out sorted too.
        var keys = new List<string>();
        foreach (var item in items)
        {
            if (keys.Count == 0 || keys[^1] != item.Key)
            {
                keys.Add(item.Key);
            }
        }

        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var last = ContinuationToken.Decode(after, 1)[0] ?? string.Empty;
            start = Page<string>.LowerBound(keys, key => string.CompareOrdinal(key, last) > 0 ? 0 : -1);
        }

        var page = Page<string>.Take(keys, start, names.Matches);
        var nextLink = page.HasMore ? PageLinks.Next(target, ContinuationToken.Encode(page.Items[^1])) : null;
        return PagedResponse.WriteAsync(context, MediaTypes.KeySet, page.Items, nextLink, _ => NamesToBytes(page.Items, nextLink));
    }

    /// <summary>A page of names: <c>{"items":[{"name":..}],"@nextLink":..}</c>.</summary>
    public static byte[] NamesToBytes(IReadOnlyList<string?> names, string? nextLink)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var name in names)
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (nextLink is not null)
            {
                writer.WriteString("@nextLink", nextLink);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
