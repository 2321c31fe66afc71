using AgentPlatform.AnalyticsApi;
using AgentPlatform.AnalyticsApi.Apis;
using AgentPlatform.Domain;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddStoreInitialization();
builder.AddRelationalStore(StoreNames.Relational);
builder.AddDocumentStore(StoreNames.Documents);
builder.AddFullTextStore(StoreNames.FullText);
builder.Services.AddHybridCache();
builder.Services.AddSingleton<AnalyticsReports>();

var app = builder.Build();
app.UseAnalyticsPageFiles();
app.UseServiceDefaults();
app.UseStoreReadinessGate();
app.MapTenantApi().MapAnalyticsApi();
app.MapAnalyticsPage();
app.Run();
