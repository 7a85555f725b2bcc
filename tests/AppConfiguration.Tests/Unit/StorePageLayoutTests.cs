using System.Text;
using Azure;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

/// <summary>
/// The leader's page layout survives its stored form, pages a follower's copy of the snapshot as the leader's read
/// was paged, and a stored layout that is not one (whoever can write to Redis can write it) is refused.
/// </summary>
public class StorePageLayoutTests
{
    private static readonly KeyValueSelector All = new("*", "\0");

    [Test]
    public void A_follower_pages_its_copy_as_the_leader_read_it_and_the_layout_survives_its_stored_form()
    {
        var settings = Enumerable.Range(0, 250).Select(i => new ConfigurationSetting($"k{i:D3}", "v")).ToList();
        var read = new StoreSnapshot([new CollectionSnapshot(All, [Page(null, "e0", settings[..100], "l1"), Page("l1", "e1", settings[100..200], "l2"), Page("l2", "e2", settings[200..], null)])], [], []);
        var copy = new StoreSnapshot([new CollectionSnapshot(All, [Page(null, null, settings, null)])], [], []);

        var layout = PageLayoutJson.Read(PageLayoutJson.Write(StorePageLayout.Of(read)));
        var paged = layout.Page(copy)!.KeyValues.Single().Pages;

        Assert.Multiple(() =>
        {
            Assert.That(paged.Select(p => (p.Link, p.ETag.ToString(), p.Settings.Count, p.NextLink)), Is.EqualTo(new[]
            {
                ((string?)null, "e0", 100, (string?)"l1"),
                ("l1", "e1", 100, "l2"),
                ("l2", "e2", 50, null),
            }));
            Assert.That(paged.SelectMany(p => p.Settings), Is.EqualTo(settings));
        });
    }

    [Test]
    public void A_collection_the_layout_does_not_have_is_not_paged_by_it()
    {
        var layout = StorePageLayout.Of(new StoreSnapshot([new CollectionSnapshot(new KeyValueSelector("App:*", "\0"), [Page(null, "e", [], null)])], [], []));

        Assert.That(layout.Page(new StoreSnapshot([new CollectionSnapshot(All, [Page(null, null, [], null)])], [], [])), Is.Null);
    }

    [TestCase("", TestName = "An_empty_stored_layout_is_refused")]
    [TestCase("[]", TestName = "A_stored_layout_that_is_no_object_is_refused")]
    [TestCase("""{"c":[{"k":"*","l":"\u0000","p":[["l1","e",1]]}]}""", TestName = "A_stored_layout_whose_first_page_has_a_link_is_refused")]
    [TestCase("""{"c":[{"k":"*","l":"\u0000","p":[[null,"e",1],["l1","e",1],["l1","e",1]]}]}""", TestName = "A_stored_layout_whose_links_come_back_is_refused")]
    [TestCase("""{"c":[{"k":"*","l":"\u0000","p":[[null,"e",-1]]}]}""", TestName = "A_stored_layout_with_a_negative_count_is_refused")]
    [TestCase("""{"c":[{"k":"*","l":"\u0000","p":[[null,"e"]]}]}""", TestName = "A_stored_layout_page_without_a_count_is_refused")]
    [TestCase("""{"c":[{"k":7,"l":"\u0000","p":[]}]}""", TestName = "A_stored_layout_whose_filter_is_no_text_is_refused")]
    [TestCase("""{"c":[{"k":"*","l":"\u0000","p":[[null,"e\r\nX-Injected: 1",1]]}]}""", TestName = "A_stored_layout_whose_entity_tag_would_split_a_header_is_refused")]
    [TestCase("""{"c":[{"k":"*","l":"\u0000","p":[[null,"e",1],["/kv?after=a\nb","e",1]]}]}""", TestName = "A_stored_layout_whose_link_holds_a_line_break_is_refused")]
    public void A_stored_layout_that_is_not_one_is_refused(string json)
    {
        Assert.That(() => PageLayoutJson.Read(Encoding.UTF8.GetBytes(json)), Throws.InstanceOf<FormatException>());
    }

    private static CollectionSnapshot.CachedPage Page(string? link, string? etag, IReadOnlyList<ConfigurationSetting> settings, string? next) =>
        new(link, etag is null ? default : new ETag(etag), settings, next);
}
