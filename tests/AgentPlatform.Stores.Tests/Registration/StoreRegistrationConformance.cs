using System.Diagnostics;
using AgentPlatform.Domain;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace AgentPlatform.Tests.Registration;

/// <summary>What every store integration's <c>AddXxx</c> promises, in the manner of dotnet/aspire's ConformanceTests:
/// settings from the section, then <c>ConnectionStrings:&lt;name&gt;</c>, then the callback; a health check under the
/// connection name, tagged ready, off by its flag; spans of the integration's source, off by its flag.</summary>
public abstract class StoreRegistrationConformance<TSettings> where TSettings : StoreSettings
{
    protected const string ConnectionName = "conformance";
    private static readonly ActivitySource TestSource = new("AgentPlatform.Tests.Stores");

    protected abstract string SectionName { get; }
    protected abstract string ConnectionString { get; }
    protected virtual StorageBackend Backend => StorageBackend.Local;
    /// <summary>The source the integration's spans come from.</summary>
    protected abstract string ActivitySourceName { get; }
    /// <summary>What the health check reports for <see cref="ConnectionString"/> on this machine.</summary>
    protected abstract HealthStatus ExpectedHealth { get; }

    protected abstract void Register(IHostApplicationBuilder builder, string connectionName, Action<TSettings>? configure);

    /// <summary>One store operation through the registered adapters (against an unreachable server it asserts the failure).</summary>
    protected abstract Task ExerciseAsync(IServiceProvider services, CancellationToken ct);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_health_check_is_named_for_the_connection_tagged_ready_and_bounded_by_the_default_timeout()
    {
        using var host = Build();

        var registration = Assert.Single(HealthChecks(host), r => r.Name == ConnectionName);
        Assert.Contains(StoreIntegration.ReadyTag, registration.Tags);
        Assert.Equal(TimeSpan.FromSeconds(5), registration.Timeout);
    }

    [Fact]
    public void DisableHealthChecks_leaves_the_health_check_out()
    {
        using var host = Build(configuration: c => c[$"{SectionName}:DisableHealthChecks"] = "true");

        Assert.DoesNotContain(HealthChecks(host), r => r.Name == ConnectionName);
    }

    [Fact]
    public void Registering_twice_keeps_one_health_check()
    {
        using var host = Build(extra: builder => Register(builder, ConnectionName, configure: null));

        Assert.Single(HealthChecks(host), r => r.Name == ConnectionName);
    }

    [Fact]
    public async Task The_health_check_reports_the_store()
    {
        using var host = Build();
        var registration = Assert.Single(HealthChecks(host), r => r.Name == ConnectionName);

        var result = await registration.Factory(host.Services).CheckHealthAsync(new HealthCheckContext { Registration = registration }, Ct);

        Assert.Equal(ExpectedHealth, result.Status);
    }

    [Fact]
    public void Settings_come_from_the_section_then_the_connection_string_then_the_callback()
    {
        TSettings? seen = null;
        using var host = Build(configuration: c =>
        {
            c[$"{SectionName}:ConnectionString"] = "from-the-section";
            c[$"{SectionName}:HealthCheckTimeout"] = "00:00:07";
            c[$"{SectionName}:DisableTracing"] = "true";
        }, settings: s =>
        {
            seen = s;
            Assert.Equal(TimeSpan.FromSeconds(7), s.HealthCheckTimeout);
            s.HealthCheckTimeout = TimeSpan.FromSeconds(9);
        });

        Assert.NotNull(seen);
        Assert.Equal(ConnectionString, seen.ConnectionString);
        Assert.True(seen.DisableTracing);
        Assert.Equal(TimeSpan.FromSeconds(9), Assert.Single(HealthChecks(host), r => r.Name == ConnectionName).Timeout);
    }

    [Fact]
    public void The_section_alone_can_give_the_connection_string()
    {
        string? seen = null;
        using var host = Build(configuration: c =>
        {
            c[$"ConnectionStrings:{ConnectionName}"] = null;
            c[$"{SectionName}:ConnectionString"] = ConnectionString;
        }, settings: s => seen = s.ConnectionString);

        Assert.Equal(ConnectionString, seen);
    }

    [Fact]
    public void A_missing_connection_string_stops_the_registration_naming_both_keys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(configuration: c => c[$"ConnectionStrings:{ConnectionName}"] = null));

        Assert.Contains($"ConnectionStrings:{ConnectionName}", error.Message);
        Assert.Contains($"{SectionName}:ConnectionString", error.Message);
    }

    [Fact]
    public async Task Store_operations_emit_spans_of_the_integration()
    {
        var spans = await SpansOfOneOperationAsync(disableTracing: false);

        Assert.Contains(spans, s => s.Source.Name == ActivitySourceName);
    }

    [Fact]
    public async Task DisableTracing_emits_no_spans()
    {
        var spans = await SpansOfOneOperationAsync(disableTracing: true);

        Assert.DoesNotContain(spans, s => s.Source.Name == ActivitySourceName);
    }

    /// <summary>The spans exported under one test parent span (other tests' spans, of other traces, are left out).</summary>
    private async Task<IReadOnlyList<Activity>> SpansOfOneOperationAsync(bool disableTracing)
    {
        var exported = new List<Activity>();
        using var host = Build(extra: builder => builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(TestSource.Name).AddInMemoryExporter(exported)),
            settings: s => s.DisableTracing = disableTracing);
        var provider = host.Services.GetRequiredService<TracerProvider>();
        ActivityTraceId trace;
        using (var parent = TestSource.StartActivity("conformance"))
        {
            Assert.NotNull(parent);
            trace = parent.TraceId;
            await ExerciseAsync(host.Services, Ct);
        }
        provider.ForceFlush();
        lock (exported)
            return [.. exported.Where(a => a.TraceId == trace && a.Source != TestSource)];
    }

    private IHost Build(Action<IDictionary<string, string?>>? configuration = null, Action<TSettings>? settings = null, Action<IHostApplicationBuilder>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            [StoreIntegration.BackendKey] = Backend.ToString(),
            [$"ConnectionStrings:{ConnectionName}"] = ConnectionString,
        };
        configuration?.Invoke(values);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        foreach (var (key, value) in values)
            builder.Configuration[key] = value;
        extra?.Invoke(builder);
        Register(builder, ConnectionName, settings);
        return builder.Build();
    }

    private static IEnumerable<HealthCheckRegistration> HealthChecks(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
}
