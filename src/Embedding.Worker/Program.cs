using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.EmbeddingWorker;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.Relational, StoreNames.Documents, StoreNames.FullText, StoreNames.Vectors);
builder.AddOnnxEmbeddings();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.Configure<IndexingOptions>(builder.Configuration.GetSection("Worker"));
builder.Services.AddSingleton<IndexingMetrics>();
builder.Services.AddScoped<KnowledgeIndexer>();
builder.Services.AddScoped<ConversationIndexer>();
builder.Services.AddHostedService<IndexingService>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
app.MapWorkerStatusApi();
app.Run();
