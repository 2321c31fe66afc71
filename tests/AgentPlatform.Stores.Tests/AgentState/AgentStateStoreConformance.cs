using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Hosts;
using Microsoft.Extensions.DependencyInjection;
using static AgentPlatform.Tests.Hosts.DocumentTestData;

namespace AgentPlatform.Tests.AgentState;

/// <summary>What every <see cref="IAgentStateStore"/> must do.</summary>
public abstract class AgentStateStoreConformance : PortConformance
{
    private const string Agent = "planner";
    private const string Type = "working-memory";

    /// <summary>The same integration over a store that cannot be reached.</summary>
    protected abstract IServiceProvider UnreachableServices { get; }

    private static string Data(int step) => $$"""{"step":{{step}},"goal":"ship it","plan":["a","b"]}""";

    [Fact]
    public async Task CreatedStateRoundTrips()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();

        var created = await store.PutAsync(tenant, Agent, Type, Data(1), null, At(0), Ct);
        var read = await store.GetAsync(tenant, Agent, Type, Ct);

        Assert.NotNull(read);
        Assert.Equal(1, created.Version);
        Assert.Equal(At(0), created.UpdatedAt);
        Assert.Equal(created with { DataJson = "" }, read with { DataJson = "" });
        Assert.Equal((tenant, Agent, Type), (read.TenantId, read.AgentId, read.StateType));
        AssertSameJson(Data(1), read.DataJson);
    }

    [Fact]
    public async Task UpdatesWithTheCurrentVersionAndListHistoryNewestFirst()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();

        await store.PutAsync(tenant, Agent, Type, Data(1), null, At(0), Ct);
        var second = await store.PutAsync(tenant, Agent, Type, Data(2), 1, At(1), Ct);
        var third = await store.PutAsync(tenant, Agent, Type, Data(3), 2, At(2), Ct);
        var firstPage = await store.ListHistoryAsync(tenant, Agent, Type, new PageRequest(0, 2), Ct);
        var secondPage = await store.ListHistoryAsync(tenant, Agent, Type, new PageRequest(2, 2), Ct);
        var current = await store.GetAsync(tenant, Agent, Type, Ct);

        Assert.Equal((2, 3), (second.Version, third.Version));
        Assert.Equal(3, current!.Version);
        AssertSameJson(Data(3), current.DataJson);
        Assert.Equal([3L, 2L], firstPage.Items.Select(s => s.Version));
        Assert.Equal([1L], secondPage.Items.Select(s => s.Version));
        Assert.Equal((3, 3), (firstPage.Total, secondPage.Total));
        Assert.Equal((true, false), (firstPage.HasMore, secondPage.HasMore));
        AssertSameJson(Data(1), secondPage.Items[0].DataJson);
        Assert.Equal(At(0), secondPage.Items[0].UpdatedAt);
    }

    [Fact]
    public async Task CreatingAnExistingStateConflicts()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();
        await store.PutAsync(tenant, Agent, Type, Data(1), null, At(0), Ct);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.PutAsync(tenant, Agent, Type, Data(9), null, At(1), Ct));

        Assert.Equal((null, 1L), (conflict.ExpectedVersion, conflict.CurrentVersion));
        AssertSameJson(Data(1), (await store.GetAsync(tenant, Agent, Type, Ct))!.DataJson);
        Assert.Equal(1, (await store.ListHistoryAsync(tenant, Agent, Type, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task StaleVersionConflictsAndLeavesStateUnchanged()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();
        await store.PutAsync(tenant, Agent, Type, Data(1), null, At(0), Ct);
        await store.PutAsync(tenant, Agent, Type, Data(2), 1, At(1), Ct);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.PutAsync(tenant, Agent, Type, Data(9), 1, At(2), Ct));

        Assert.Equal((1L, 2L), (conflict.ExpectedVersion, conflict.CurrentVersion));
        var current = await store.GetAsync(tenant, Agent, Type, Ct);
        Assert.Equal(2, current!.Version);
        AssertSameJson(Data(2), current.DataJson);
        Assert.Equal(2, (await store.ListHistoryAsync(tenant, Agent, Type, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task UpdatingAMissingStateConflicts()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => store.PutAsync(tenant, Agent, Type, Data(1), 1, At(0), Ct));

        Assert.Equal((1L, null), (conflict.ExpectedVersion, conflict.CurrentVersion));
        Assert.Null(await store.GetAsync(tenant, Agent, Type, Ct));
    }

    [Fact]
    public async Task ConcurrentWritersOfOneVersionHaveExactlyOneWinner()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();
        await store.PutAsync(tenant, Agent, Type, Data(1), null, At(0), Ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            try
            {
                await store.PutAsync(tenant, Agent, Type, Data(100 + writer), 1, At(1), Ct);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));

        Assert.Single(attempts, won => won);
        Assert.Equal(2, (await store.GetAsync(tenant, Agent, Type, Ct))!.Version);
        Assert.Equal(2, (await store.ListHistoryAsync(tenant, Agent, Type, new PageRequest(), Ct)).Total);
    }

    [Fact]
    public async Task StateIsScopedToTenantAgentAndType()
    {
        var store = Port<IAgentStateStore>();
        var (tenantA, tenantB) = (NewTenant(), NewTenant());
        await store.PutAsync(tenantA, Agent, Type, Data(1), null, At(0), Ct);
        await store.PutAsync(tenantA, Agent, Type, Data(2), 1, At(1), Ct);

        Assert.Null(await store.GetAsync(tenantB, Agent, Type, Ct));
        Assert.Empty((await store.ListHistoryAsync(tenantB, Agent, Type, new PageRequest(), Ct)).Items);
        Assert.Null(await store.GetAsync(tenantA, Agent, "other-type", Ct));
        Assert.Null(await store.GetAsync(tenantA, "other-agent", Type, Ct));

        // Tenant B's first write is a create of its own state, not a conflict with tenant A's.
        var ofB = await store.PutAsync(tenantB, Agent, Type, Data(7), null, At(2), Ct);
        Assert.Equal(1, ofB.Version);
        AssertSameJson(Data(2), (await store.GetAsync(tenantA, Agent, Type, Ct))!.DataJson);
    }

    [Fact]
    public async Task UnicodeAndLargeDataRoundTrip()
    {
        var store = Port<IAgentStateStore>();
        var tenant = NewTenant();
        var data = System.Text.Json.JsonSerializer.Serialize(new { greeting = Unicode, blob = LargeText() });

        await store.PutAsync(tenant, "agent-数据", Type, data, null, At(0), Ct);
        var read = await store.GetAsync(tenant, "agent-数据", Type, Ct);

        AssertSameJson(data, read!.DataJson);
        Assert.Equal("agent-数据", read.AgentId);
    }

    [Fact]
    public async Task UnreachableStoreRaisesStoreUnavailable()
    {
        var store = UnreachableServices.GetRequiredService<IAgentStateStore>();
        var tenant = NewTenant();

        var put = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PutAsync(tenant, Agent, Type, Data(1), null, At(0), Ct));
        var get = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync(tenant, Agent, Type, Ct));

        Assert.Equal(StoreNames.Documents, put.Store);
        Assert.Equal(StoreNames.Documents, get.Store);
    }
}
