using AgentPlatform.Contracts;
using System.Net;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Indexing;
using AgentPlatform.Tests.Vectors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.SearchApi;

/// <summary>Search.Api hosted in-process over the stores of a worker; <paramref name="configureServices"/> lets a test
/// take an engine down.</summary>
public sealed class SearchHost(IDictionary<string, string?> settings, string chromaEndpoint, Action<IServiceCollection>? configureServices = null)
    : ServiceFactory<KnowledgeSearchService>(chromaEndpoint, settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (configureServices is not null)
            builder.ConfigureTestServices(configureServices);
    }

    /// <summary>A client once the service takes search requests. Unlike <see cref="ServiceFactory{T}.ClientAsync"/> this
    /// does not wait for /health: with a store down the service never reports healthy, yet it serves.</summary>
    public async Task<HttpClient> ServingClientAsync(string apiKey = TenantAKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        await Eventually.AnswersAsync("Search.Api serving", ct => client.GetAsync("/v1/search?q=probe&mode=fulltext", ct),
            answer => answer.Status is { } status && !(status == HttpStatusCode.ServiceUnavailable && answer.Body.Contains("\"Starting\"")));
        return client;
    }
}

/// <summary>A full-text engine that cannot be reached, as Elasticsearch when its container is stopped.</summary>
internal sealed class UnreachableFullTextIndex : IFullTextIndex
{
    private static StoreUnavailableException Down() => new(StoreNames.FullText, "connection refused");

    public Task EnsureCreatedAsync(CancellationToken ct) => throw Down();
    public Task IndexAsync(FullTextIndexName index, IReadOnlyList<FullTextDocument> documents, CancellationToken ct) => throw Down();
    public Task DeleteAsync(FullTextIndexName index, string tenantId, IReadOnlyList<string> ids, CancellationToken ct) => throw Down();
    public Task<FullTextResult> SearchAsync(FullTextIndexName index, FullTextQuery query, CancellationToken ct) => throw Down();
    public Task<FullTextAggregations> AggregateAsync(FullTextIndexName index, FullTextAggregationRequest request, CancellationToken ct) => throw Down();
}

/// <summary>A document store that cannot be reached, as MongoDB when its container is stopped.</summary>
internal sealed class UnreachableKnowledgeDocumentStore : IKnowledgeDocumentStore
{
    private static StoreUnavailableException Down() => new(StoreNames.Documents, "connection refused");

    public Task UpsertAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken ct) => throw Down();
    public Task<IReadOnlyList<KnowledgeDocument>> GetManyAsync(string tenantId, IReadOnlyCollection<Guid> entryIds, CancellationToken ct) => throw Down();
    public Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct) => throw Down();
    public Task<IReadOnlyList<DocumentTextHit>> SearchTextAsync(string tenantId, string text, SearchFilter filter, int limit, CancellationToken ct) => throw Down();
}

/// <summary>A small knowledge base indexed by the real worker pipeline (48-token chunks), some entries of agent a1 or a2
/// and the rest of none, searched through Search.Api:
/// as is, with Chroma unreachable (a closed port), and with both engines down.</summary>
public sealed class SearchFixture : IAsyncLifetime
{
    public const string TenantA = "tenant-a";
    public const string TenantB = "tenant-b";
    public static readonly DateTimeOffset Day0 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DownEngineTimeout = TimeSpan.FromSeconds(2);

    private sealed record Seed(string Key, string Tenant, int Day, string Title, string Content, string Category, string[] Tags, string? AgentId = null);

    private static readonly Seed[] Seeds =
    [
        new("password", TenantA, 1, "Resetting a forgotten password",
            "Open Settings, choose Security and press Send reset link. The emailed link stays valid for thirty minutes.", "it", ["account", "security"], "a1"),
        new("export-error", TenantA, 2, "Invoice export fails",
            "When exporting invoices to CSV the finance portal stops with error XK-4471. Clear the browser cache and retry the export.", "finance", ["billing", "errors"], "a2"),
        new("kubernetes", TenantA, 3, "Kubernetes pod eviction",
            "Pods are evicted when a node runs low on memory. Set resource requests and limits so the scheduler places pods sensibly.", "it", ["infrastructure"], "a1"),
        new("refund", TenantA, 4, "Refund policy",
            "Customers may return purchased items within 30 days of delivery and receive a full refund to the original payment method.", "sales", ["billing", "customers"], "a2"),
        new("wifi", TenantA, 5, "Connecting to the office Wi-Fi",
            "Join the network named Acme-Guest with the passphrase printed at reception. Laptops managed by IT connect automatically.", "it", ["network"], "a1"),
        new("vacation", TenantA, 6, "Requesting vacation days",
            "Submit leave requests in the HR portal at least two weeks ahead. Your manager approves them within three working days.", "hr", ["leave"]),
        new("backup", TenantA, 7, "Database copies",
            "Production databases are copied to off-site storage every night at 02:00 UTC and snapshots are kept for 35 days.", "it", ["infrastructure", "data"]),
        new("onboarding", TenantA, 8, "First day onboarding",
            "New employees collect their badge at the front desk and meet their buddy for a tour of the building.", "hr", ["people"]),
        new("parking", TenantA, 9, "Parking at headquarters",
            "Staff park in the underground garage; visitors use the marked spaces near the main entrance.", "facilities", ["building"]),
        new("telescope", TenantA, 10, "Observatory telescope guide",
            "The telescope dome opens only when the wind is calm. Align the telescope mount with the pole star before each session. "
            + "Cool the telescope mirror for an hour so that images stay sharp. Record every telescope session in the observing log. "
            + "Cover the telescope lens and park the telescope when the session ends. Check the telescope finder scope against a distant tower. "
            + "Log the telescope temperature at the start and the end of the night. Never point the telescope at the sun without its solar filter.",
            "science", ["astronomy"]),
        new("b-refund", TenantB, 1, "Returns and refunds",
            "Money is paid back when goods are sent back within 14 days of purchase. Use the zephyrine returns form.", "sales", ["billing"], "a1"),
        new("b-shipping", TenantB, 2, "Shipping times",
            "Parcels leave the zephyrine warehouse within two working days.", "logistics", ["shipping"]),
    ];

    private readonly Dictionary<string, KnowledgeEntry> _entries = [];
    private readonly ChromaServerFixture _chroma;
    private readonly Lazy<SearchHost> _chromaDown;
    private readonly Lazy<SearchHost> _allDown;
    private readonly Lazy<SearchHost> _documentsDown;
    private readonly Lazy<SearchHost> _structuredInHybrid;
    private readonly Lazy<SearchHost> _fusedByRank;

    public SearchFixture(ChromaServerFixture chroma)
    {
        _chroma = chroma;
        Worker = new WorkerHost(chroma, new Dictionary<string, string?>
        {
            ["Embeddings:Chunking:MaxTokens"] = "48",
            ["Embeddings:Chunking:OverlapTokens"] = "8",
        });
        _chromaDown = new(() => CreateDownHost(configureServices: null));
        _allDown = new(() => CreateDownHost(services =>
        {
            services.RemoveAll<IFullTextIndex>();
            services.AddSingleton<IFullTextIndex, UnreachableFullTextIndex>();
            services.RemoveAll<IKnowledgeDocumentStore>();
            services.AddSingleton<IKnowledgeDocumentStore, UnreachableKnowledgeDocumentStore>();
        }));
        _documentsDown = new(() => new SearchHost(Worker.SharedStoreSettings(), _chroma.Endpoint.ToString(), services =>
        {
            services.RemoveAll<IKnowledgeDocumentStore>();
            services.AddSingleton<IKnowledgeDocumentStore, UnreachableKnowledgeDocumentStore>();
        }));
        _structuredInHybrid = new(() => new SearchHost(
            new Dictionary<string, string?>(Worker.SharedStoreSettings()) { ["Search:StructuredWeight"] = "1" }, _chroma.Endpoint.ToString()));
        _fusedByRank = new(() => new SearchHost(
            new Dictionary<string, string?>(Worker.SharedStoreSettings()) { ["Search:Fusion"] = "ReciprocalRank" }, _chroma.Endpoint.ToString()));
    }

    public WorkerHost Worker { get; }

    public SearchHost Search { get; private set; } = null!;

    /// <summary>Vectors at a port nothing listens on.</summary>
    public SearchHost ChromaDown => _chromaDown.Value;

    /// <summary>Vectors at a closed port, the full-text engine and the document store unreachable.</summary>
    public SearchHost AllDown => _allDown.Value;

    /// <summary>Vectors and full text up, the document store (and so structured search) unreachable.</summary>
    public SearchHost DocumentsDown => _documentsDown.Value;

    /// <summary>Search:StructuredWeight 1: hybrid fuses the document store's text search too.</summary>
    public SearchHost StructuredInHybrid => _structuredInHybrid.Value;

    /// <summary>Search:Fusion ReciprocalRank: hybrid fuses by rank instead of by normalised score.</summary>
    public SearchHost FusedByRank => _fusedByRank.Value;

    public KnowledgeEntry this[string key] => _entries[key];

    public string KeyOf(Guid entryId) => _entries.Single(e => e.Value.Id == entryId).Key;

    public IEnumerable<Guid> IdsOf(string tenant) => _entries.Values.Where(e => e.TenantId == tenant).Select(e => e.Id);

    public async ValueTask InitializeAsync()
    {
        await Worker.StartAsync();
        foreach (var seed in Seeds)
        {
            _entries[seed.Key] = await Worker.AddAsync(seed.Tenant, seed.Title, seed.Content + " See the Acme handbook.",
                seed.Category, seed.Tags, Day0.AddDays(seed.Day), seed.AgentId);
        }
        await Worker.DrainAsync();
        foreach (var entry in _entries.Values)
        {
            var stored = await Worker.Knowledge.GetAsync(entry.TenantId, entry.Id, CancellationToken.None);
            if (stored?.Status != KnowledgeStatus.Indexed)
                throw new InvalidOperationException($"Fixture entry '{entry.Title}' is {stored?.Status}: {stored?.Error}");
        }
        Search = new SearchHost(Worker.SharedStoreSettings(), _chroma.Endpoint.ToString());
        await Search.ClientAsync();
    }

    private SearchHost CreateDownHost(Action<IServiceCollection>? configureServices) => new(
        new Dictionary<string, string?>(Worker.SharedStoreSettings()) { ["Search:EngineTimeout"] = DownEngineTimeout.ToString() },
        $"http://127.0.0.1:{ChromaServerFixture.FreeTcpPort()}/",
        configureServices);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { _chromaDown, _allDown, _documentsDown, _structuredInHybrid, _fusedByRank }.Where(h => h.IsValueCreated))
            await host.Value.DisposeAsync();
        if (Search is not null)
            await Search.DisposeAsync();
        await Worker.DisposeAsync();
    }
}
