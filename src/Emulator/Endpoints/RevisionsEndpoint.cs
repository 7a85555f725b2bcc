using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary>
/// <c>GET</c>/<c>HEAD /revisions</c>: the states key-values went through, newest first, filtered like
/// <c>/kv</c> and limited by <c>Accept-Datetime</c>. Deletions are not listed.
/// </summary>
internal static class RevisionsEndpoint
{
    /// <summary>Answers a revision listing.</summary>
    public static Task HandleAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<KeyValueStore>();
        var target = RequestTarget.Of(context);
        var query = QueryParameters.Of(context);
        var keys = NameFilter.Parse(query.Single("key"), "key", allowNull: false);
        var labels = NameFilter.Parse(query.Single("label"), "label", allowNull: true);
        var tags = TagFilter.Parse(query.All("tags"));
        var fields = FieldSelection.Parse(query.Single("$select"));
        var after = query.Single("after");
        var moment = PointInTime.Of(context);
        var before = string.IsNullOrEmpty(after) ? long.MaxValue : ContinuationToken.DecodeNumber(after);

        var history = store.History;
        var newestFirst = new List<Revision>();
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var revision = history[i];
            if (revision.Sequence < before && (moment is null || revision.Time <= moment))
            {
                newestFirst.Add(revision);
            }
        }

        var page = Page<Revision>.Take(
            newestFirst,
            0,
            r => r.State is { } state && keys.Matches(state.Key) && labels.Matches(state.Label) && (tags.IsEmpty || tags.Matches(state.Tags)));
        var states = page.Items.Select(r => r.State!).ToList();
        var nextLink = page.HasMore ? PageLinks.Next(target, ContinuationToken.Encode(page.Items[^1].Sequence)) : null;
        return PagedResponse.WriteAsync(
            context,
            MediaTypes.KeyValueSet,
            states.Select(s => s.ETag),
            nextLink,
            etag => KeyValueJson.PageToBytes(states, fields, etag, nextLink));
    }
}
