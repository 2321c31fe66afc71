using AgentPlatform.Domain;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.Relational, StoreNames.Documents, StoreNames.FullText);

var app = builder.Build();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
app.Run();
