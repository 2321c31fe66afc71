using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Storage;
using AgentPlatform.Storage.Relational;
using AgentPlatform.Storage.Relational.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using AgentPlatform.Tests.Hosts;

namespace AgentPlatform.Tests.AgentMemory;

public sealed class SqliteAgentMemoryStoreTests(SqliteDatabase database) : AgentMemoryStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
