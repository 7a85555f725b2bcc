using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary><c>GET</c>/<c>HEAD /labels?name=</c>: the distinct labels ("no label" as null, first), 100 to a page.</summary>
internal static class LabelsEndpoint
{
    private const string NullLabelToken = "\0";

    /// <summary>Answers a label listing.</summary>
    public static Task HandleAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<KeyValueStore>();
        var target = RequestTarget.Of(context);
        var query = QueryParameters.Of(context);
        var names = NameFilter.Parse(query.Single("name"), "name", allowNull: true);
        if (query.Single("$select") is { } select && !select.Split(',', StringSplitOptions.TrimEntries).All(f => f.Equals("name", StringComparison.OrdinalIgnoreCase)))
        {
            throw ProtocolException.InvalidArgument("$select", $"Labels have only the field 'name'; '$select={select}' asks for others.");
        }

        var after = query.Single("after");
        var moment = PointInTime.Of(context);
        var items = moment is { } at ? store.StateAt(at) : store.Current;
        var labels = new SortedSet<string?>(Comparer<string?>.Create(KeyValueId.CompareLabels));
        foreach (var item in items)
        {
            labels.Add(item.Label);
        }

        var sorted = labels.ToList();
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var token = ContinuationToken.Decode(after, 1)[0];
            var last = token == NullLabelToken ? null : token;
            start = Page<string?>.LowerBound(sorted, label => KeyValueId.CompareLabels(label, last) > 0 ? 0 : -1);
        }

        var page = Page<string?>.Take(sorted, start, names.Matches);
        var nextLink = page.HasMore ? PageLinks.Next(target, ContinuationToken.Encode(page.Items[^1] ?? NullLabelToken)) : null;
        return PagedResponse.WriteAsync(context, MediaTypes.LabelSet, page.Items.Select(l => l ?? NullLabelToken), nextLink, _ => KeysEndpoint.NamesToBytes(page.Items, nextLink));
    }
}
