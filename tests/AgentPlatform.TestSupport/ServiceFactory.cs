using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Api;

/// <summary>Hosts one platform service in-process on the local backend (SQLite files, Lucene directory and, when
/// given, a Chroma endpoint) in a temporary directory, with two tenants' API keys.</summary>
public class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    public const string TenantAKey = "key-tenant-a-0123456789abcdef";
    public const string TenantBKey = "key-tenant-b-0123456789abcdef";
    /// <summary>The operator key (AgentPlatform:OperatorApiKey) every test service is given.</summary>
    public const string OperatorKey = "key-operator-0123456789abcdef-0123456789";
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "agentplatform-api-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = new();

    public ServiceFactory(string? chromaEndpoint = null, IDictionary<string, string?>? settings = null)
    {
        Directory.CreateDirectory(DataDirectory);
        _settings["AgentPlatform:Backend"] = "Local";
        _settings["ConnectionStrings:relational"] = $"Data Source={Path.Combine(DataDirectory, "relational.db")}";
        _settings["ConnectionStrings:documents"] = $"Data Source={Path.Combine(DataDirectory, "documents.db")}";
        _settings["ConnectionStrings:fulltext"] = Path.Combine(DataDirectory, "lucene");
        if (chromaEndpoint is not null) _settings["ConnectionStrings:vectors"] = $"Endpoint={chromaEndpoint}";
        _settings["AgentPlatform:ApiKeys:0:Key"] = TenantAKey;
        _settings["AgentPlatform:ApiKeys:0:TenantId"] = "tenant-a";
        _settings["AgentPlatform:ApiKeys:1:Key"] = TenantBKey;
        _settings["AgentPlatform:ApiKeys:1:TenantId"] = "tenant-b";
        _settings["AgentPlatform:OperatorApiKey"] = OperatorKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>A client for a tenant (and the operator, who sees health details and process figures), returned once
    /// the service reports every store ready.</summary>
    public async Task<HttpClient> ClientAsync(string? apiKey = TenantAKey, bool asOperator = false)
    {
        var client = CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        if (asOperator) client.DefaultRequestHeaders.Add(AgentPlatform.ServiceDefaults.OperatorAccess.HeaderName, OperatorKey);
        await Eventually.AnswersAsync("service healthy", ct => client.GetAsync("/health", ct), answer => answer.IsSuccess);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { /* best effort */ }
    }
}

public static class HttpAssert
{
    public static async Task<T> OkJsonAsync<T>(HttpResponseMessage response, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    public static async Task<System.Text.Json.JsonElement> ProblemAsync(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }
}

public static class Json
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
    };
}
