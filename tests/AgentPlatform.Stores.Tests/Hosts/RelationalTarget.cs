using AgentPlatform.Domain;

namespace AgentPlatform.Tests.Hosts;

/// <summary>The backend (SQLite for local, SQL Server for containers) and the connection string of a test database.</summary>
public sealed record RelationalTarget(StorageBackend Backend, string ConnectionString);
