using System.Text.Json;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The stored form of a <see cref="StorePageLayout"/>: <c>{"c":[{"k":keyFilter,"l":labelFilter,"p":[[link,etag,count],..]}]}</c>,
/// the first page's link null. Whoever can write to Redis can write this too, so a read checks everything a follower
/// will rely on (shape, sizes, distinct links) and refuses the rest with a <see cref="FormatException"/>.
/// </summary>
internal static class PageLayoutJson
{
    private const int MaxCollections = 64;
    private const int MaxPages = 1_000_000;
    private const int MaxText = 8_192;

    public static byte[] Write(StorePageLayout layout)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("c");
            foreach (var collection in layout.Collections)
            {
                writer.WriteStartObject();
                writer.WriteString("k", collection.KeyFilter);
                writer.WriteString("l", collection.LabelFilter);
                writer.WriteStartArray("p");
                foreach (var page in collection.Pages)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(page.Link);
                    writer.WriteStringValue(page.ETag);
                    writer.WriteNumberValue(page.Count);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <exception cref="FormatException">The bytes are not a layout this version writes, or break one of its limits.</exception>
    public static StorePageLayout Read(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var collections = new List<CollectionPageLayout>();
            var pageCount = 0;
            foreach (var collection in Property(document.RootElement, "c", JsonValueKind.Array).EnumerateArray())
            {
                if (collections.Count == MaxCollections)
                {
                    throw new FormatException($"more than {MaxCollections} collections");
                }

                var pages = new List<PageMark>();
                var links = new HashSet<string>(StringComparer.Ordinal);
                foreach (var page in Property(collection, "p", JsonValueKind.Array).EnumerateArray())
                {
                    if (++pageCount > MaxPages || page.ValueKind != JsonValueKind.Array || page.GetArrayLength() != 3)
                    {
                        throw new FormatException("a page is not [link, etag, count], or there are too many");
                    }

                    var link = page[0].ValueKind == JsonValueKind.Null ? null : RequestText(page[0]);
                    // The chain of links starts at the first page (no link) and never comes back to a page.
                    if ((link is null) != (pages.Count == 0) || (link is not null && !links.Add(link)))
                    {
                        throw new FormatException("the page links are not a chain from the first page");
                    }

                    var count = page[2].TryGetInt32(out var n) && n >= 0 ? n : throw new FormatException("a page count is not a non-negative number");
                    pages.Add(new PageMark(link, RequestText(page[1]), count));
                }

                collections.Add(new CollectionPageLayout(Text(Property(collection, "k", JsonValueKind.String)), Text(Property(collection, "l", JsonValueKind.String)), pages));
            }

            return new StorePageLayout(collections);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException("The page layout is not valid JSON of the expected shape.", e);
        }
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"\"{name}\" is missing or not of kind {kind}");

    /// <summary>A link or entity tag: it goes into a request, so printable ASCII only (no line break to split a header with).</summary>
    private static string RequestText(JsonElement element) =>
        Text(element) is var text && text.All(c => c is >= ' ' and <= '~')
            ? text
            : throw new FormatException("a link or entity tag holds a character outside printable ASCII");

    private static string Text(JsonElement element) =>
        element.GetString() is { Length: <= MaxText } text ? text : throw new FormatException($"a text is missing or longer than {MaxText} characters");
}
