using AgentPlatform.Contracts;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Ingestion.Api with a rate limit far above what the fuzz run sends: the limiter is tested on its own.</summary>
public sealed class FuzzApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: new Dictionary<string, string?>
{
    ["AgentPlatform:RateLimit:PermitsPerSecond"] = "1000000",
});

/// <summary>Ingestion.Api behind a real Kestrel server on a free loopback port, with a 64 KiB body limit: a client
/// sending far past the limit would see the connection closed under it, so the bodies stay just over it.</summary>
public sealed class KestrelApiFactory : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>
{
    public const int BodyLimit = 64 * 1024;

    public KestrelApiFactory() : base(settings: new Dictionary<string, string?>
    {
        ["AgentPlatform:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }) => UseKestrel(0);
}

/// <summary>A fresh Ingestion.Api for tests that drain the outbox, which serves every tenant of the database.</summary>
public sealed class ReindexApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>;

/// <summary>A fresh Ingestion.Api for tests that look for records by hostile-looking literal ids.</summary>
public sealed class InjectionApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>;

/// <summary>Ingestion.Api whose every log entry, at every level and with its scopes, is kept for inspection.</summary>
public sealed class LogCaptureApiFactory : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>
{
    public FakeLogCollector Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A rule for this provider wins over the configured category levels, so nothing is filtered out.
        builder.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)).AddFilter<FakeLoggerProvider>(null, LogLevel.Trace));
    }
}

/// <summary>Ingestion.Api whose relational store is a SQLite file in a directory that does not exist yet.</summary>
public sealed class StoreDownApiFactory : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>
{
    public StoreDownApiFactory() : this(Path.Combine(Path.GetTempPath(), "agentplatform-down-" + Guid.NewGuid().ToString("N")))
    {
    }

    private StoreDownApiFactory(string relationalDirectory) : base(settings: new Dictionary<string, string?>
    {
        ["ConnectionStrings:relational"] = $"Data Source={Path.Combine(relationalDirectory, "relational.db")}",
    }) => RelationalDirectory = relationalDirectory;

    /// <summary>Creating it brings the store back.</summary>
    public string RelationalDirectory { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(RelationalDirectory)) Directory.Delete(RelationalDirectory, recursive: true);
    }
}

/// <summary>A fresh Ingestion.Api for the write-race probes (concurrent writers, writes racing deletes and ends), with no
/// rate limit in the way; tests that drain the outbox own it, since it serves every tenant of the database.</summary>
public sealed class WriteRaceApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>(settings: new Dictionary<string, string?>
{
    ["AgentPlatform:RateLimit:PermitsPerSecond"] = "1000000",
});

/// <summary>A fresh Ingestion.Api for the Unicode label probes.</summary>
public sealed class UnicodeApiFactory() : ServiceFactory<AgentPlatform.IngestionApi.IngestionApiEntryPoint>;
