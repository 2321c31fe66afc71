using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
using static AgentPlatform.Tests.Hosts.DocumentTestData;

namespace AgentPlatform.Tests.KnowledgeDocuments;

/// <summary>What every <see cref="IKnowledgeDocumentStore"/> must do.</summary>
public abstract class KnowledgeDocumentStoreConformance : PortConformance
{
    /// <summary>The same integration over a store that cannot be reached.</summary>
    protected abstract IServiceProvider UnreachableServices { get; }

    private static KnowledgeDocument Document(string tenant, string title, string content, Guid? entryId = null) => new()
    {
        EntryId = entryId ?? Guid.NewGuid(),
        TenantId = tenant,
        Title = title,
        Content = content,
        Version = 1,
        CreatedAt = At(0),
        UpdatedAt = At(1),
    };

    private static void AssertSameDocument(KnowledgeDocument expected, KnowledgeDocument? actual)
    {
        Assert.NotNull(actual);
        // Lists compare by reference inside records, so they are compared separately.
        Assert.Equal(expected with { Tags = [], Chunks = [] }, actual with { Tags = [], Chunks = [] });
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Chunks, actual.Chunks);
    }

    [Fact]
    public async Task UpsertedDocumentRoundTrips()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var document = Document(NewTenant(), "Password reset", "Open settings, then choose reset.") with
        {
            Category = "how-to",
            Tags = ["account", "security"],
            Source = "https://example.test/kb/1",
            AgentId = "support-bot",
            Version = 3,
            Chunks = [new KnowledgeChunk(0, "Open settings,", 0, 3), new KnowledgeChunk(1, "then choose reset.", 15, 4)],
        };

        await store.UpsertAsync([document], Ct);

        AssertSameDocument(document, await store.GetAsync(document.TenantId, document.EntryId, Ct));
    }

    [Fact]
    public async Task UpsertingSeveralDocumentsAtOnceStoresAndReplacesEachByEntry()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var tenant = NewTenant();
        var replaced = Document(tenant, "Kettle descaling", "Use vinegar for the kettle.");
        await store.UpsertAsync([replaced], Ct);
        var batch = new[]
        {
            replaced with { Content = "Use citric acid for the kettle.", Version = 2, UpdatedAt = At(5) },
            Document(tenant, "Toaster crumbs", "Empty the toaster tray weekly."),
            Document(NewTenant(), "Fridge seals", "Wipe the fridge seals monthly."),
        };

        await store.UpsertAsync(batch, Ct);

        foreach (var document in batch)
            AssertSameDocument(document, await store.GetAsync(document.TenantId, document.EntryId, Ct));
        Assert.Empty(await store.SearchTextAsync(tenant, "vinegar", new SearchFilter(), 10, Ct));
        Assert.Equal(2, (await store.SearchTextAsync(tenant, "kettle toaster", new SearchFilter(), 10, Ct)).Count);
        await store.UpsertAsync([], Ct);
    }

    [Fact]
    public async Task UpsertingTheSameEntryTwiceKeepsOneDocument()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var first = Document(NewTenant(), "Kettle descaling", "Use vinegar for the kettle.");
        var second = first with { Title = "Kettle maintenance", Content = "Use citric acid instead.", AgentId = "kitchen-bot", Version = 2, UpdatedAt = At(5) };

        await store.UpsertAsync([first], Ct);
        await store.UpsertAsync([second], Ct);
        await store.UpsertAsync([second], Ct);

        AssertSameDocument(second, await store.GetAsync(first.TenantId, first.EntryId, Ct));
        var hits = await store.SearchTextAsync(first.TenantId, "kettle", new SearchFilter(), 10, Ct);
        AssertSameDocument(second, Assert.Single(hits).Document);
        // The replaced text is gone from the index too.
        Assert.Empty(await store.SearchTextAsync(first.TenantId, "vinegar", new SearchFilter(), 10, Ct));
    }

    [Fact]
    public async Task DeleteRemovesTheDocumentAndItsText()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var kept = Document(NewTenant(), "Glacier survey", "Ice cores from the glacier.");
        var deleted = Document(kept.TenantId, "Glacier retreat", "The glacier lost mass.");
        await store.UpsertAsync([kept], Ct);
        await store.UpsertAsync([deleted], Ct);

        Assert.True(await store.DeleteAsync(deleted.TenantId, deleted.EntryId, Ct));
        Assert.False(await store.DeleteAsync(deleted.TenantId, deleted.EntryId, Ct));

        Assert.Null(await store.GetAsync(deleted.TenantId, deleted.EntryId, Ct));
        Assert.NotNull(await store.GetAsync(kept.TenantId, kept.EntryId, Ct));
        Assert.Equal(kept.EntryId, Assert.Single(await store.SearchTextAsync(kept.TenantId, "glacier", new SearchFilter(), 10, Ct)).Document.EntryId);
    }

    [Fact]
    public async Task GetManyReadsTheTenantsDocumentsOfTheIdsAndLeavesOutTheRest()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var (tenant, other) = (NewTenant(), NewTenant());
        var first = Document(tenant, "Tide tables", "High water at noon.");
        var second = Document(tenant, "Moon phases", "A full moon raises the tide.");
        var notAsked = Document(tenant, "Harbour map", "Berths one to nine.");
        var ofOther = Document(other, "Other tenant", "Not for the first tenant.");
        await store.UpsertAsync([first, second, notAsked, ofOther], Ct);

        var found = await store.GetManyAsync(tenant, [second.EntryId, Guid.NewGuid(), first.EntryId, ofOther.EntryId], Ct);

        Assert.Equal(2, found.Count);
        AssertSameDocument(first, found.Single(d => d.EntryId == first.EntryId));
        AssertSameDocument(second, found.Single(d => d.EntryId == second.EntryId));
        Assert.Empty(await store.GetManyAsync(tenant, [], Ct));
        Assert.Empty(await store.GetManyAsync(other, [first.EntryId], Ct));
        var many = Enumerable.Range(0, IKnowledgeDocumentStore.MaxEntriesPerGet).Select(_ => Guid.NewGuid()).Append(first.EntryId).ToArray();
        Assert.Equal(first.EntryId, Assert.Single(await store.GetManyAsync(tenant, many[1..], Ct)).EntryId);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetManyAsync(tenant, many, Ct));
        Assert.Contains($"at most {IKnowledgeDocumentStore.MaxEntriesPerGet}", error.Message);
    }

    [Fact]
    public async Task DocumentsAreScopedToTenant()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var (tenantA, tenantB) = (NewTenant(), NewTenant());
        var ofA = Document(tenantA, "Quarterly forecast", "Confidential forecast for tenant A.");
        await store.UpsertAsync([ofA], Ct);

        Assert.Null(await store.GetAsync(tenantB, ofA.EntryId, Ct));
        Assert.Empty(await store.SearchTextAsync(tenantB, "forecast confidential", new SearchFilter(), 10, Ct));
        Assert.False(await store.DeleteAsync(tenantB, ofA.EntryId, Ct));

        // The same entry id under tenant B is a separate document.
        var ofB = Document(tenantB, "Tenant B notes", "Nothing shared.", ofA.EntryId);
        await store.UpsertAsync([ofB], Ct);
        AssertSameDocument(ofA, await store.GetAsync(tenantA, ofA.EntryId, Ct));
        AssertSameDocument(ofB, await store.GetAsync(tenantB, ofA.EntryId, Ct));
        Assert.Empty(await store.SearchTextAsync(tenantB, "forecast", new SearchFilter(), 10, Ct));
    }

    [Fact]
    public async Task TitleMatchRanksAboveContentOnlyMatch()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var tenant = NewTenant();
        // Similar lengths, stored content-match first, so only the title weight can put the title match on top.
        var contentMatch = Document(tenant, "Savanna field notes", "Seasonal routes of the zebra herds across the plains.");
        var titleMatch = Document(tenant, "Zebra field notes", "Seasonal routes of the wildebeest herds across the plains.");
        var unrelated = Document(tenant, "Harbour field notes", "Tides and ferries across the bay.");
        foreach (var document in new[] { contentMatch, titleMatch, unrelated })
            await store.UpsertAsync([document], Ct);

        var hits = await store.SearchTextAsync(tenant, "zebra", new SearchFilter(), 10, Ct);

        Assert.Equal([titleMatch.EntryId, contentMatch.EntryId], hits.Select(h => h.Document.EntryId));
        Assert.True(hits[0].Score > hits[1].Score, $"scores {hits[0].Score} and {hits[1].Score}");
        Assert.True(hits[1].Score > 0);
        AssertSameDocument(titleMatch, hits[0].Document);
    }

    [Fact]
    public async Task SearchMatchesAnyTermAndHonoursTheLimit()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var tenant = NewTenant();
        foreach (var animal in new[] { "otter", "beaver", "heron" })
            await store.UpsertAsync([Document(tenant, $"The {animal}", $"Notes on the {animal} by the river.")], Ct);

        Assert.Equal(2, (await store.SearchTextAsync(tenant, "otter heron", new SearchFilter(), 10, Ct)).Count);
        Assert.Equal(2, (await store.SearchTextAsync(tenant, "river", new SearchFilter(), 2, Ct)).Count);
    }

    [Fact]
    public async Task SearchKeepsOnlyTheDocumentsTheFilterMatches()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var tenant = NewTenant();
        var faq = Document(tenant, "Refund policy", "How a refund is paid.") with { Category = "faq", Tags = ["billing", "eu"], AgentId = "support" };
        var guide = Document(tenant, "Refund guide", "Refund steps for agents.") with { Category = "guide", Tags = ["billing"], AgentId = "Support" };
        var late = Document(tenant, "Refund timing", "When the refund arrives.") with { Category = "faq", Tags = ["us"], CreatedAt = At(60) };
        await store.UpsertAsync([faq, guide, late], Ct);

        async Task<IEnumerable<Guid>> Search(SearchFilter filter) =>
            (await store.SearchTextAsync(tenant, "refund", filter, 10, Ct)).Select(h => h.Document.EntryId).Order();
        IEnumerable<Guid> Ids(params KnowledgeDocument[] documents) => documents.Select(d => d.EntryId).Order();

        Assert.Equal(Ids(faq, guide, late), await Search(new SearchFilter()));
        Assert.Equal(Ids(faq, late), await Search(new SearchFilter { Category = "faq" }));
        Assert.Equal(Ids(faq), await Search(new SearchFilter { AgentId = "support" }));
        Assert.Equal(Ids(faq), await Search(new SearchFilter { Tags = ["billing", "eu"] }));
        Assert.Equal(Ids(faq, late), await Search(new SearchFilter { Tags = ["eu", "us"], MatchAnyTag = true }));
        Assert.Equal(Ids(late), await Search(new SearchFilter { From = At(30) }));
        Assert.Equal(Ids(faq, guide), await Search(new SearchFilter { To = At(60) }));
        Assert.Empty(await Search(new SearchFilter { Category = "FAQ" }));
        Assert.Empty(await Search(new SearchFilter { SessionId = "session" }));
    }

    [Fact]
    public async Task SearchTextIsNeverReadAsQuerySyntax()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var tenant = NewTenant();
        var document = Document(tenant, "Lynx tracking", "Collars on the lynx population.");
        await store.UpsertAsync([document], Ct);

        // Operators, negation, phrases, column filters and unbalanced brackets are plain words to the store.
        foreach (var text in new[] { "-lynx", "\"lynx", "title:lynx", "lynx NOT collars", "NEAR(lynx", "lynx* OR (", "lynx AND" })
            Assert.Equal(document.EntryId, Assert.Single(await store.SearchTextAsync(tenant, text, new SearchFilter(), 10, Ct)).Document.EntryId);
        Assert.Empty(await store.SearchTextAsync(tenant, " \" - ( * ", new SearchFilter(), 10, Ct));
    }

    [Fact]
    public async Task UnicodeAndLargeContentRoundTrip()
    {
        var store = Port<IKnowledgeDocumentStore>();
        var tenant = NewTenant();
        var unicode = Document(tenant, Unicode, "Grüße aus Köln, 数据 und 🚀.") with { Tags = ["数据", "🚀"] };
        var large = Document(tenant, "Large manual", LargeText());

        await store.UpsertAsync([unicode], Ct);
        await store.UpsertAsync([large], Ct);

        AssertSameDocument(unicode, await store.GetAsync(tenant, unicode.EntryId, Ct));
        AssertSameDocument(large, await store.GetAsync(tenant, large.EntryId, Ct));
        var hits = await store.SearchTextAsync(tenant, "Köln", new SearchFilter(), 10, Ct);
        Assert.Equal(unicode.EntryId, Assert.Single(hits).Document.EntryId);
    }

    [Fact]
    public async Task UnreachableStoreRaisesStoreUnavailable()
    {
        var store = UnreachableServices.GetRequiredService<IKnowledgeDocumentStore>();
        var document = Document(NewTenant(), "Title", "Content");

        var upsert = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpsertAsync([document], Ct));
        var get = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync(document.TenantId, document.EntryId, Ct));
        var search = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SearchTextAsync(document.TenantId, "title", new SearchFilter(), 10, Ct));

        Assert.All(new[] { upsert, get, search }, ex => Assert.Equal(StoreNames.Documents, ex.Store));
    }
}
