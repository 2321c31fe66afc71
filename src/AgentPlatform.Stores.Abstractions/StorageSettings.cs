using AgentPlatform.Domain;
using Microsoft.Extensions.Configuration;

namespace AgentPlatform.Storage.Configuration;

/// <summary>What a process needs to reach its stores: the backend and one connection string per store.
/// Local: relational/documents are SQLite connection strings, fulltext is a Lucene directory path,
/// vectors is "Endpoint=http://...". Containers: SQL Server, MongoDB URL, Elasticsearch URL, Chroma endpoint.</summary>
public sealed record StorageSettings(StorageBackend Backend, IReadOnlyDictionary<string, string> ConnectionStrings)
{
    public const string BackendKey = "AgentPlatform:Backend";
    public const string MongoDatabaseName = "agentplatform";

    public static StorageSettings From(IConfiguration configuration)
    {
        var backendText = configuration[BackendKey] ?? nameof(StorageBackend.Local);
        if (!Enum.TryParse<StorageBackend>(backendText, ignoreCase: true, out var backend))
            throw new InvalidOperationException($"{BackendKey} must be 'local' or 'containers', not '{backendText}'.");
        var connectionStrings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var store in StoreNames.All)
        {
            if (configuration.GetConnectionString(store) is { Length: > 0 } value)
                connectionStrings[store] = value;
        }
        return new StorageSettings(backend, connectionStrings);
    }

    public string Require(string store) =>
        ConnectionStrings.TryGetValue(store, out var value)
            ? value
            : throw new InvalidOperationException($"Connection string '{store}' is not configured (ConnectionStrings:{store}).");

    /// <summary>Chroma connection strings look like "Endpoint=http://host:port".</summary>
    public static Uri ParseEndpoint(string connectionString)
    {
        var value = connectionString.StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase)
            ? connectionString["Endpoint=".Length..].Split(';')[0]
            : connectionString;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"'{connectionString}' is not an endpoint URL.");
    }
}
