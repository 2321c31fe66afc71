using AgentPlatform.AnalyticsApi;
using AgentPlatform.AnalyticsApi.Apis;
using AgentPlatform.Domain;
using AgentPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentPlatformStores(StoreNames.Relational, StoreNames.Documents, StoreNames.FullText);
builder.Services.AddHybridCache();
builder.Services.AddSingleton<AnalyticsReports>();

var app = builder.Build();
app.UseAnalyticsPageFiles();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
app.MapTenantApi().MapAnalyticsApi();
app.MapAnalyticsPage();
app.Run();
