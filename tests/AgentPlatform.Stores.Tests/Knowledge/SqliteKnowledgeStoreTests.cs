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

namespace AgentPlatform.Tests.Knowledge;

public sealed class SqliteKnowledgeStoreTests(SqliteDatabase database) : KnowledgeStoreConformance, IClassFixture<SqliteDatabase>
{
    protected override IServiceProvider Services => database.Services;
}
