using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.IngestionApi.Services;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Vectors.Chroma;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddStoreInitialization();
builder.AddRelationalStore(StoreNames.Relational);
builder.AddDocumentStore(StoreNames.Documents);
// Vectors, when wired (the AppHost does), for the tenants' embedding-model states only: GET /v1/ingestion/status
// shows a model move's progress. Writes never touch Chroma, so it stays off this service's /health.
if (builder.Configuration.GetConnectionString(StoreNames.Vectors) is not null)
    builder.AddChromaVectorIndex(StoreNames.Vectors, chroma => chroma.DisableHealthChecks = true);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<SessionService>();
builder.Services.AddScoped<ConversationService>();

var app = builder.Build();
app.UseServiceDefaults();
// Writes never wait for Chroma: only the status's model figures need it.
app.UseStoreReadinessGate(StoreNames.Vectors);
var api = app.MapTenantApi();
api.MapKnowledgeApi();
api.MapIngestionStatusApi();
api.MapSessionsApi();
api.MapConversationsApi();
api.MapAgentStateApi();
api.MapAdminApi();
app.Run();
