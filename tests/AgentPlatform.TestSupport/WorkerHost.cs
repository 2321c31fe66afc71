using AgentPlatform.Chunking;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Api;
using AgentPlatform.Tests.Support;
using AgentPlatform.Tests.Vectors;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Indexing;

/// <summary>Embedding.Worker hosted in-process as its Program wires it (local backend, real ONNX model, the Chroma
/// server of the collection fixture in a Chroma database of its own), except that its background loop is removed so
/// tests drive indexing rounds, the clock moves only when a test advances it, and the ports are wrapped so tests can
/// count embeddings, see claims and inject faults. Chunks are small (32 tokens) so short texts give several chunks.</summary>
public sealed class WorkerHost : ServiceFactory<IndexingMetrics>
{
    /// <summary>Backoff long enough that no retry comes due unless the test moves the clock.</summary>
    public static readonly IndexingOptions TestOptions = new()
    {
        EntriesPerRound = 32,
        Lease = TimeSpan.FromMinutes(2),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMinutes(1),
        RetryMaxDelay = TimeSpan.FromMinutes(10),
    };

    private readonly Lazy<Task> _started;

    public WorkerHost(ChromaServerFixture chroma, IDictionary<string, string?>? settings = null)
        : base(chroma.Endpoint.ToString(), WithTestDefaults(settings)) =>
        _started = new Lazy<Task>(() => ClientAsync(apiKey: null));

    public ShiftedClock Clock { get; } = new();
    public IndexingFaults Faults { get; } = new();

    public IKnowledgeEntries Knowledge => Services.GetRequiredService<IKnowledgeEntries>();
    public IKnowledgeIndexingStatus IndexingStatus => Services.GetRequiredService<IKnowledgeIndexingStatus>();
    public IKnowledgeReindexQueue Reindex => Services.GetRequiredService<IKnowledgeReindexQueue>();
    public IVectorIndex Vectors => Services.GetRequiredService<IVectorIndex>();
    public IFullTextIndex FullText => Services.GetRequiredService<IFullTextIndex>();
    public IKnowledgeDocumentStore Documents => Services.GetRequiredService<IKnowledgeDocumentStore>();
    public TextChunker Chunker => Services.GetRequiredService<TextChunker>();
    public ObservedOutbox Outbox => (ObservedOutbox)Services.GetRequiredService<IKnowledgeOutbox>();
    public CountingEmbeddingGenerator Embeddings => (CountingEmbeddingGenerator)Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    /// <summary>Starts the worker and waits until its stores are initialized.</summary>
    public Task StartAsync() => _started.Value;

    /// <summary>The connection strings of this worker's stores, for a second service (API) over the same data.</summary>
    public Dictionary<string, string?> SharedStoreSettings() => new()
    {
        ["ConnectionStrings:relational"] = $"Data Source={Path.Combine(DataDirectory, "relational.db")}",
        ["ConnectionStrings:documents"] = $"Data Source={Path.Combine(DataDirectory, "documents.db")}",
        ["ConnectionStrings:fulltext"] = Path.Combine(DataDirectory, "lucene"),
        [Storage.Vectors.Chroma.ChromaVectorSettings.SectionName + ":Database"] = ChromaDatabase,
    };

    private string ChromaDatabase => Services.GetRequiredService<Storage.Vectors.Chroma.ChromaVectorIndexOptions>().Database;

    /// <summary>One indexing round by a fresh indexer, as the worker's loop runs it (a scope per round).</summary>
    public async Task<int> RunRoundAsync(IndexingOptions? options = null, IKnowledgeOutbox? outbox = null, CancellationToken ct = default)
    {
        await using var scope = Services.CreateAsyncScope();
        var indexer = ActivatorUtilities.CreateInstance<KnowledgeIndexer>(scope.ServiceProvider,
            Options.Create(options ?? TestOptions), outbox ?? scope.ServiceProvider.GetRequiredService<IKnowledgeOutbox>());
        return await indexer.RunRoundAsync(ct);
    }

    /// <summary>Rounds until nothing is due; returns how many messages they handled.</summary>
    public async Task<int> DrainAsync(IndexingOptions? options = null, IKnowledgeOutbox? outbox = null)
    {
        var handled = 0;
        for (var round = 0; round < 50; round++)
        {
            var count = await RunRoundAsync(options, outbox);
            if (count == 0)
                return handled;
            handled += count;
        }
        throw new InvalidOperationException("The outbox did not drain in 50 rounds.");
    }

    /// <summary>Stores an entry as Ingestion.Api does (entry plus outbox row in one transaction).</summary>
    public async Task<KnowledgeEntry> AddAsync(string tenantId, string title, string content, string? category = null,
        IReadOnlyList<string>? tags = null, DateTimeOffset? createdAt = null, string? agentId = null)
    {
        var input = new KnowledgeInput(title, content, category, tags, Source: "test", agentId);
        var result = await Knowledge.AddAsync(KnowledgeRules.NewEntry(tenantId, input, createdAt ?? Clock.GetUtcNow()), CancellationToken.None);
        return result.Entry;
    }

    public Task<KnowledgeEntry?> UpdateAsync(KnowledgeEntry entry, string content) =>
        Knowledge.UpdateAsync(entry.TenantId, entry.Id,
            KnowledgeRules.ToUpdate(new KnowledgeInput(entry.Title, content, entry.Category, entry.Tags, entry.Source)), null, CancellationToken.None);

    /// <summary>The chunks the worker makes of an entry (what Chroma and the document store must hold).</summary>
    public IReadOnlyList<KnowledgeChunk> ChunksOf(KnowledgeEntry entry) => Chunker.Chunk(entry.Title, entry.Content);

    /// <summary>What the worker gives the model for each chunk of an entry (later chunks behind the title).</summary>
    public IReadOnlyList<string> EmbeddedTextsOf(KnowledgeEntry entry) =>
        Chunker.EmbeddedTexts(entry.Title, entry.Content, ChunksOf(entry));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.Remove(services.Single(d => d.ImplementationType == typeof(IndexingService)));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.Decorate<IVectorIndex>(inner => new FaultingVectorIndex(inner, Faults));
            services.Decorate<IFullTextIndex>(inner => new FaultingFullTextIndex(inner, Faults));
            services.Decorate<IKnowledgeDocumentStore>(inner => new FaultingDocumentStore(inner, Faults));
            services.Decorate<IKnowledgeOutbox>(inner => new ObservedOutbox(inner, Faults));
            services.Decorate<IEmbeddingGenerator<string, Embedding<float>>>(inner => new CountingEmbeddingGenerator(inner));
        });
    }

    private static Dictionary<string, string?> WithTestDefaults(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Embeddings:Chunking:MaxTokens"] = "32",
            ["Embeddings:Chunking:OverlapTokens"] = "4",
            [Storage.Vectors.Chroma.ChromaVectorSettings.SectionName + ":Database"] = "db-" + Guid.NewGuid().ToString("N")[..12],
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return all;
    }
}
