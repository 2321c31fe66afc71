// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.EmbeddingWorker;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.ServiceDefaults;
using AgentPlatform.Tests.Api;
using AgentPlatform.Contracts;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Tests.Reliability;

/// <summary>What only an operator sees: /health details (store descriptions hold paths and error text) and the worker's
/// process-wide figures. Anyone else, a tenant's key included, gets the health status alone and the worker status of
/// its own tenant.</summary>
[Collection(TenantPlatformCollection.Name)]
[Trait(TestSpeed.Trait, TestSpeed.Slow)]
public sealed class OperatorDetailsTests(TenantPlatformFixture platform)
{
    public enum Caller { Anonymous, Tenant, WrongOperatorKey, Operator }

    private IEnumerable<(string Name, HttpClient Client)> Services(Caller caller)
    {
        foreach (var (name, factory) in new (string, Func<HttpClient>)[]
        {
            ("ingestion", platform.Ingestion.CreateClient), ("search", platform.Search.CreateClient),
            ("analytics", platform.Analytics.CreateClient), ("worker", platform.Worker.CreateClient),
        })
        {
            var client = factory();
            if (caller != Caller.Anonymous) client.DefaultRequestHeaders.Add("X-Api-Key", platform.A.Key);
            if (caller == Caller.WrongOperatorKey) client.DefaultRequestHeaders.Add(OperatorAccess.HeaderName, platform.A.Key);
            if (caller == Caller.Operator) client.DefaultRequestHeaders.Add(OperatorAccess.HeaderName, ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.OperatorKey);
            yield return (name, client);
        }
    }

    [Theory]
    [InlineData(Caller.Anonymous)]
    [InlineData(Caller.Tenant)]
    [InlineData(Caller.WrongOperatorKey)]
    public async Task Health_without_the_operator_key_is_the_status_alone(Caller caller)
    {
        foreach (var (name, client) in Services(caller))
        {
            var body = await client.GetStringAsync("/health");
            var health = JsonDocument.Parse(body).RootElement;
            Assert.True(health.EnumerateObject().Select(p => p.Name).SequenceEqual(["status"]), $"{name}: {body}");
            Assert.Equal("Healthy", health.GetProperty("status").GetString());
            Assert.DoesNotContain(platform.Worker.DataDirectory, body);
        }
    }

    [Fact]
    public async Task Health_with_the_operator_key_names_each_store()
    {
        foreach (var (name, client) in Services(Caller.Operator))
        {
            var health = JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement;
            Assert.True(health.GetProperty("entries").EnumerateObject().Any(), name);
        }
    }

    [Fact]
    public async Task Worker_status_gives_a_tenant_its_own_figures_and_process_figures_to_the_operator_only()
    {
        foreach (var tenant in new[] { platform.A, platform.B })
        {
            var ingestion = await platform.Ingestion.ClientAsync(tenant.Key);
            var own = await HttpAssert.OkJsonAsync<IngestionStatus>(await ingestion.GetAsync(IngestionStatusApi.Path));
            foreach (var caller in new[] { Caller.Tenant, Caller.WrongOperatorKey, Caller.Operator })
            {
                var worker = platform.Worker.CreateClient();
                worker.DefaultRequestHeaders.Add("X-Api-Key", tenant.Key);
                if (caller == Caller.WrongOperatorKey) worker.DefaultRequestHeaders.Add(OperatorAccess.HeaderName, tenant.Key);
                if (caller == Caller.Operator) worker.DefaultRequestHeaders.Add(OperatorAccess.HeaderName, ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>.OperatorKey);

                var status = await HttpAssert.OkJsonAsync<WorkerStatusApi.WorkerStatus>(await worker.GetAsync(WorkerStatusApi.Path));

                Assert.Equal((tenant.TenantId, own.Pending, own.Indexed, own.Failed, own.Deleting),
                    (status.TenantId, status.Pending, status.Indexed, status.Failed, status.Deleting));
                Assert.Equal(caller == Caller.Operator, status.Process is not null);
            }
        }
    }

    [Fact]
    public async Task An_operator_key_shorter_than_the_minimum_stops_the_service_at_start()
    {
        var failure = await StartFailure.ValidationMessagesAsync(() =>
            new ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: new Dictionary<string, string?> { ["AgentPlatform:OperatorApiKey"] = "too-short" }));

        Assert.Contains("OperatorApiKey", failure);
    }
}
