using System.Text.Json;
using AgentPlatform.Domain;

namespace AgentPlatform.AppHost.Tests;

[Collection(StackCollection.Name)]
public sealed class StackTests(StackFixture stack)
{
    public static TheoryData<string, string[]> ServiceStores => new()
    {
        { "ingestion-api", [StoreNames.Relational, StoreNames.Documents] },
        { "search-api", [StoreNames.FullText, StoreNames.Vectors, StoreNames.Documents] },
        { "analytics-api", [StoreNames.Relational, StoreNames.Documents, StoreNames.FullText] },
        { "embedding-worker", [StoreNames.Relational, StoreNames.Documents, StoreNames.FullText, StoreNames.Vectors] },
    };

    [Theory]
    [MemberData(nameof(ServiceStores))]
    public async Task Health_lists_every_store_of_the_service_as_healthy(string service, string[] stores)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = stack.CreateClient(service, withKey: false);
        using var response = await client.GetAsync("/health", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        var entries = json.RootElement.GetProperty("entries");
        foreach (var store in stores)
        {
            Assert.True(entries.TryGetProperty(store, out var entry), $"{service} /health has no '{store}' entry: {body}");
            Assert.Equal("Healthy", entry.GetProperty("status").GetString());
        }
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("ingestion-api")]
    [InlineData("search-api")]
    [InlineData("analytics-api")]
    [InlineData("embedding-worker")]
    public async Task Requests_without_a_valid_api_key_get_401_problem_details(string service)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = stack.CreateClient(service, withKey: false);
        using var response = await anonymous.GetAsync("/v1/", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var wrongKey = stack.CreateClient(service, withKey: false);
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");
        using var rejected = await wrongKey.GetAsync("/v1/", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains("not valid", await rejected.Content.ReadAsStringAsync(ct));

        // The right key passes authentication (the path itself does not exist).
        using var authenticated = stack.CreateClient(service, withKey: true);
        using var passed = await authenticated.GetAsync("/v1/no-such-endpoint", ct);
        Assert.Equal(HttpStatusCode.NotFound, passed.StatusCode);
    }

    [Fact]
    public async Task Alive_answers_without_a_key()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = stack.CreateClient("ingestion-api", withKey: false);
        using var response = await client.GetAsync("/alive", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
