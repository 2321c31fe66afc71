using System.Text.Json;
using System.Text.Json.Serialization;
using AgentPlatform.Client;
using AgentPlatform.McpServer;
using AgentPlatform.McpServer.Tools;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddHttpContextAccessor();
builder.AddAgentPlatformClient();
// The caller's key, never a configured one: each MCP request acts for the tenant of the key it carries.
builder.Services.Replace(ServiceDescriptor.Singleton<IAgentPlatformApiKeyProvider, CallerApiKeyProvider>());

// Tool results carry the contracts' enums as the APIs write them (camelCase names); first, so it wins over the SDK's.
var json = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
json.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "agentplatform", Version = "1.0.0" })
    .WithHttpTransport(o => o.Stateless = true)
    .WithTools<MemoryTools>(json)
    .WithTools<KnowledgeTools>(json)
    .WithTools<SessionTools>(json)
    .WithTools<AgentStateTools>(json)
    .WithTools<StatusTools>(json);

var app = builder.Build();
app.UseServiceDefaults();
app.MapMcp(McpEndpoint.Path);
app.Run();
