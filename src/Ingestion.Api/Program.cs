using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddStoreInitialization();
builder.AddRelationalStore(StoreNames.Relational);
builder.AddDocumentStore(StoreNames.Documents);
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
app.MapKnowledgeApi();
app.MapIngestionStatusApi();
app.MapSessionsApi();
app.MapConversationsApi();
app.MapAgentStateApi();
app.MapAdminApi();
app.Run();
