using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.Relational, StoreNames.Documents);
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
