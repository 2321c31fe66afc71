using AgentPlatform.Domain;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace AgentPlatform.Storage.Health;

/// <summary>Runs SELECT 1 against SQLite (opening creates a missing file; the migration step fills it).</summary>
public sealed class SqliteHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            await using var connection = new SqliteConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"SQLite {builder.DataSource}");
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "SQLite is not reachable: " + ex.Message, ex);
        }
    }
}

public sealed class SqlServerHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("SQL Server");
        }
        catch (Exception ex) when (ex is SqlException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "SQL Server is not reachable: " + ex.Message, ex);
        }
    }
}

public sealed class MongoHealthCheck(IMongoClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("MongoDB");
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "MongoDB is not reachable: " + ex.Message, ex);
        }
    }
}

/// <summary>Checks an HTTP store (Elasticsearch, Chroma heartbeat) answers 2xx. User info in the URL
/// ("http://user:password@host:port") becomes a Basic authorization header.</summary>
public sealed class HttpStoreHealthCheck(HttpClient client, string url, string path, string storeDescription) : IHealthCheck
{
    /// <summary>For callers without an IHttpClientFactory (the AppHost): one pooled client for every check.</summary>
    public static readonly HttpClient SharedClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = HttpStoreEndpoint.CreateRequest(HttpMethod.Get, url, path);
            using var response = await client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy(storeDescription)
                : new HealthCheckResult(context.Registration.FailureStatus, $"{storeDescription} answered {(int)response.StatusCode} on {path}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{storeDescription} is not reachable: {ex.Message}", ex);
        }
    }
}

public static class HttpStoreEndpoint
{
    /// <summary>Builds a request to path under a base URL whose user info (if any) is sent as Basic credentials.</summary>
    public static HttpRequestMessage CreateRequest(HttpMethod method, string baseUrl, string path)
    {
        var uri = new Uri(baseUrl);
        var request = new HttpRequestMessage(method, new Uri(new UriBuilder(uri) { UserName = "", Password = "" }.Uri, path));
        if (uri.UserInfo.Length > 0)
        {
            var credentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo)));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", credentials);
        }
        return request;
    }
}

/// <summary>The Lucene index directory must exist and be listable; an empty index is healthy.</summary>
public sealed class LuceneDirectoryHealthCheck(string directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var files = Directory.GetFiles(directory).Length;
            return Task.FromResult(HealthCheckResult.Healthy($"Lucene directory {directory} ({files} files)"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"Lucene directory {directory} is not readable: {ex.Message}", ex));
        }
    }
}
