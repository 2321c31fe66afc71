using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.Knowledge;
using AgentPlatform.SearchApi.Apis;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Vectors.Chroma;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddStoreInitialization();
builder.AddFullTextStore(StoreNames.FullText);
builder.AddChromaVectorIndex(StoreNames.Vectors, chroma => chroma.EmbeddingModel = builder.EmbeddingVectorSpace());
builder.AddDocumentStore(StoreNames.Documents);
builder.AddOnnxEmbeddings();
builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<MemorySearchOptions>().BindConfiguration(MemorySearchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<TenantVectorModels>();
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
