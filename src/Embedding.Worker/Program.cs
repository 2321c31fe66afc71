using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.EmbeddingWorker;
using AgentPlatform.EmbeddingWorker.Indexing;
using AgentPlatform.EmbeddingWorker.Indexing.Projections;
using AgentPlatform.Ports;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.Relational, StoreNames.Documents, StoreNames.FullText, StoreNames.Vectors);
builder.AddOnnxEmbeddings();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<IndexingOptions>().BindConfiguration(IndexingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<IndexingMetrics>();
builder.Services.AddScoped<IKnowledgeProjection, VectorProjection>();
builder.Services.AddScoped<IKnowledgeProjection, FullTextProjection>();
builder.Services.AddScoped<IKnowledgeProjection, DocumentProjection>();
builder.Services.AddScoped<KnowledgeIndexer>();
builder.Services.AddScoped<IMessageProjection, MessageFullTextProjection>();
builder.Services.AddScoped<IMessageProjection, MemoryVectorProjection>();
builder.Services.AddScoped<ConversationIndexer>();
builder.Services.AddHostedService<IndexingService>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
app.MapWorkerStatusApi();
app.Run();
