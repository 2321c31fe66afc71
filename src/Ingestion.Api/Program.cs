using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.IngestionApi.Services;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddStoreInitialization();
builder.AddRelationalStore(StoreNames.Relational);
builder.AddDocumentStore(StoreNames.Documents);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<SessionService>();
builder.Services.AddScoped<ConversationService>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
var api = app.MapTenantApi();
api.MapKnowledgeApi();
api.MapIngestionStatusApi();
api.MapSessionsApi();
api.MapConversationsApi();
api.MapAgentStateApi();
api.MapAdminApi();
app.Run();
