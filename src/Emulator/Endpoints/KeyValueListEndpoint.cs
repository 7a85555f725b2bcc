using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary><c>GET</c>/<c>HEAD /kv</c>: key-values filtered by key, label and tags, 100 to a page.</summary>
internal static class KeyValueListEndpoint
{
    /// <summary>Answers a listing request.</summary>
    public static Task HandleAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<KeyValueStore>();
        var target = RequestTarget.Of(context);
        var query = QueryParameters.Of(context);
        if (query.Single("snapshot") is { } snapshot)
        {
            throw ProtocolException.InvalidArgument("snapshot", $"Snapshots are not supported by the emulator (asked for '{snapshot}').");
        }

        var keys = NameFilter.Parse(query.Single("key"), "key", allowNull: false);
        var labels = NameFilter.Parse(query.Single("label"), "label", allowNull: true);
        var tags = TagFilter.Parse(query.All("tags"));
        var fields = FieldSelection.Parse(query.Single("$select"));
        var after = query.Single("after");
        var moment = PointInTime.Of(context);

        var items = moment is { } at ? store.StateAt(at) : store.Current;
        var start = 0;
        if (keys.CommonPrefix is { } prefix)
        {
            start = Page<KeyValue>.LowerBound(items, kv => string.CompareOrdinal(kv.Key, prefix));
        }

        if (!string.IsNullOrEmpty(after))
        {
            var position = ContinuationToken.Decode(after, 2);
            var last = new KeyValueId(position[0] ?? string.Empty, position[1]);
            start = Math.Max(start, Page<KeyValue>.LowerBound(items, kv => kv.Id.CompareTo(last) > 0 ? 0 : -1));
        }

        var page = Page<KeyValue>.Take(items, start, kv => keys.Matches(kv.Key) && labels.Matches(kv.Label) && (tags.IsEmpty || tags.Matches(kv.Tags)));
        var nextLink = page.HasMore ? PageLinks.Next(target, ContinuationToken.Encode(page.Items[^1].Key, page.Items[^1].Label)) : null;
        return PagedResponse.WriteAsync(
            context,
            MediaTypes.KeyValueSet,
            page.Items.Select(kv => kv.ETag),
            nextLink,
            etag => KeyValueJson.PageToBytes(page.Items, fields, etag, nextLink));
    }
}
