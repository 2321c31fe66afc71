using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.SearchApi.Apis;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.FullText, StoreNames.Vectors, StoreNames.Documents);
builder.AddOnnxEmbeddings();
builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.SectionName)
    .Validate(o => o.EngineTimeout > TimeSpan.Zero, "Search:EngineTimeout must be longer than zero.")
    .Validate(o => o.RrfK >= 1, "Search:RrfK must be at least 1.")
    .Validate(o => o.SemanticWeight >= 0 && o.FullTextWeight >= 0 && o.StructuredWeight >= 0,
        "Search:SemanticWeight, Search:FullTextWeight and Search:StructuredWeight must each be 0 or more.")
    .Validate(o => o.SemanticWeight + o.FullTextWeight + o.StructuredWeight > 0,
        "Search:SemanticWeight, Search:FullTextWeight and Search:StructuredWeight must not all be 0 (hybrid would fuse nothing).")
    .Validate(o => o.CandidateFactor >= 1, "Search:CandidateFactor must be at least 1.")
    .Validate(o => o.MinimumCandidates >= 1, "Search:MinimumCandidates must be at least 1.")
    .Validate(o => o.QueryEmbeddingCacheSize >= 0, "Search:QueryEmbeddingCacheSize must be 0 (off) or more.")
    .ValidateOnStart();
builder.Services.AddSingleton<QueryEmbeddings>();
builder.Services.AddScoped<KnowledgeSearchService>();
builder.Services.AddScoped<MemorySearchService>();

var app = builder.Build();
app.UseServiceDefaults();
// Either engine alone can answer (the other is reported in warnings), so neither holds requests back while it is down.
app.UseStoreReadinessGate(StoreNames.Vectors, StoreNames.FullText);
var api = app.MapTenantApi();
api.MapSearchApi();
api.MapConversationSearchApi();
api.MapMemorySearchApi();
api.MapCollectionStatsApi();
app.Run();
