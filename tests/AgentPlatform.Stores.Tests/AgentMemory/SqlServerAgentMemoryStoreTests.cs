using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.Sqlite;
using AgentPlatform.Storage.Relational.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentMemory;

public sealed class SqlServerAgentMemoryStoreTests(SqlServerDatabase database) : AgentMemoryStoreConformance, IClassFixture<SqlServerDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
