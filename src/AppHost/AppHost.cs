using AgentPlatform.AppHost;
using AgentPlatform.ChromaLauncher;
using AgentPlatform.AppHost.Hosting;
using AgentPlatform.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var builder = DistributedApplication.CreateBuilder(args);

var (backend, why) = await ChooseBackendAsync(builder);

// Stores by logical name (StoreNames): services see each as ConnectionStrings:<name>.
var stores = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>();
if (backend == StorageBackend.Containers)
{
    stores[StoreNames.Relational] = builder.AddSqlServer("sqlserver").WithDataVolume().AddDatabase("sqlserver-agentplatform", "agentplatform");
    stores[StoreNames.Documents] = builder.AddMongoDB("mongodb").WithDataVolume().AddDatabase("mongodb-agentplatform", "agentplatform");
    stores[StoreNames.FullText] = builder.AddElasticsearch("elasticsearch").WithDataVolume();
    stores[StoreNames.Vectors] = builder.AddChroma("chroma").WithDataVolume();
}
else
{
    var dataDirectory = builder.Configuration["AgentPlatform:DataDirectory"] is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "AgentPlatform", "data");
    Directory.CreateDirectory(Path.Combine(dataDirectory, "lucene"));
    Directory.CreateDirectory(Path.Combine(dataDirectory, "chroma"));
    stores[StoreNames.Relational] = builder.AddConnectionString("sqlite-relational", ReferenceExpression.Create($"Data Source={Path.Combine(dataDirectory, "relational.db")}"));
    stores[StoreNames.Documents] = builder.AddConnectionString("sqlite-documents", ReferenceExpression.Create($"Data Source={Path.Combine(dataDirectory, "documents.db")}"));
    stores[StoreNames.FullText] = builder.AddConnectionString("lucene", ReferenceExpression.Create($"{Path.Combine(dataDirectory, "lucene")}"));
    var chromaPackage = new ChromaPackage(Path.Combine(builder.AppHostDirectory, "..", "..", "chroma"));
    stores[StoreNames.Vectors] = builder.AddChromaExecutable("chroma", chromaPackage, Path.Combine(dataDirectory, "chroma"));
    why += $"; data directory {dataDirectory}";
}

// One development tenant; its key is generated once (kept in user secrets) and printed at start.
var devApiKey = builder.Configuration["AgentPlatform:DevApiKey"] is { Length: > 0 } fixedKey
    ? builder.AddParameter("dev-api-key", fixedKey, publishValueAsDefault: false, secret: true)
    : builder.AddParameter("dev-api-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
const string devTenant = "dev";

var ingestion = builder.AddProject<Projects.Ingestion_Api>("ingestion-api").AsPlatformService(backend, devApiKey, devTenant, stores, StoreNames.Relational, StoreNames.Documents, StoreNames.Vectors);
var worker = builder.AddProject<Projects.Embedding_Worker>("embedding-worker").AsPlatformService(backend, devApiKey, devTenant, stores, StoreNames.All.ToArray());
var search = builder.AddProject<Projects.Search_Api>("search-api").AsPlatformService(backend, devApiKey, devTenant, stores, StoreNames.FullText, StoreNames.Vectors, StoreNames.Documents);
var analytics = builder.AddProject<Projects.Analytics_Api>("analytics-api").AsPlatformService(backend, devApiKey, devTenant, stores, StoreNames.Relational, StoreNames.Documents, StoreNames.FullText);

// Agents reach the platform through MCP (the caller's key decides the tenant) or through AgentPlatform.Client, whose
// connection string "agentplatform" names the three services (and, for the sample, the development key).
var serviceUrls = ReferenceExpression.Create(
    $"Ingestion={ingestion.GetEndpoint("http")};Search={search.GetEndpoint("http")};Analytics={analytics.GetEndpoint("http")}");
var mcp = builder.AddProject<Projects.Mcp_Server>("mcp").AsPlatformService(backend, devApiKey, devTenant, stores)
    .WithEnvironment("ConnectionStrings__agentplatform", serviceUrls)
    .WaitFor(ingestion).WaitFor(search).WaitFor(analytics);
if (!builder.ExecutionContext.IsPublishMode)
{
    var agentPlatform = builder.AddConnectionString("agentplatform", ReferenceExpression.Create($"{serviceUrls};ApiKey={devApiKey.Resource}"));
    builder.AddProject<Projects.SampleAgent>("sample-agent").WithReference(agentPlatform)
        .WaitFor(ingestion).WaitFor(search).WaitFor(analytics)
        .WithExplicitStart();
}

builder.Eventing.Subscribe<BeforeStartEvent>(async (e, ct) =>
{
    var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform");
    logger.LogInformation("Backend: {Backend} ({Why})", backend.ToString().ToLowerInvariant(), why);
    logger.LogInformation("Development API key (tenant '{Tenant}'): {ApiKey}  -- send it as the X-Api-Key header", devTenant, await devApiKey.Resource.GetValueAsync(ct));
});
foreach (var service in new[] { ingestion, worker, search, analytics })
{
    service.OnResourceReady((resource, e, _) =>
    {
        var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform");
        logger.LogInformation("{Service} is ready at {Url} (API reference: {Url}/scalar)", resource.Name, resource.GetEndpoint("http").Url, resource.GetEndpoint("http").Url);
        return Task.CompletedTask;
    });
}

mcp.OnResourceReady((resource, e, _) =>
{
    e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentPlatform").LogInformation(
        "MCP server is ready at {Url}/mcp (streamable HTTP; send the API key as the X-Api-Key header)", resource.GetEndpoint("http").Url);
    return Task.CompletedTask;
});

builder.Build().Run();

static async Task<(StorageBackend Backend, string Why)> ChooseBackendAsync(IDistributedApplicationBuilder builder)
{
    var requested = builder.Configuration["backend"] ?? builder.Configuration["AgentPlatform:Backend"];
    if (requested is { Length: > 0 })
    {
        return Enum.TryParse<StorageBackend>(requested, ignoreCase: true, out var chosen)
            ? (chosen, $"requested with --backend / AgentPlatform:Backend = {requested}")
            : throw new ArgumentException($"--backend must be 'local' or 'containers', not '{requested}'.");
    }
    if (builder.ExecutionContext.IsPublishMode)
        return (StorageBackend.Containers, "publishing: deployments run the stores as containers");
    var probe = await ContainerRuntimeProbe.ProbeAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
    return probe.Available
        ? (StorageBackend.Containers, probe.Reason)
        : (StorageBackend.Local, "no container runtime answered: " + probe.Reason);
}
