using AgentPlatform.Domain;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.FullText, StoreNames.Vectors, StoreNames.Documents);

var app = builder.Build();
app.UseServiceDefaults();
app.Run();
