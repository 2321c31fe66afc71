using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.SearchApi.Apis;
using AgentPlatform.SearchApi.Searching;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.FullText, StoreNames.Vectors, StoreNames.Documents);
builder.AddOnnxEmbeddings();
builder.Services.Configure<SearchOptions>(builder.Configuration.GetSection("Search"));
builder.Services.AddScoped<KnowledgeSearchService>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseStoreReadinessGate(StoreNames.Documents); // semantic and full-text search degrade per engine instead
app.MapSearchApi();
app.MapConversationSearchApi();
app.Run();
