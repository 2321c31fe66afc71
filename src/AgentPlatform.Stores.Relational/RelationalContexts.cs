using AgentPlatform.Domain;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>Hands out pooled contexts bound to one tenant (or to none, for the outbox worker and migrations),
/// and turns the provider's "cannot reach the database" errors into <see cref="StoreUnavailableException"/>.</summary>
internal abstract class RelationalContexts
{
    protected abstract Task<AgentDbContext> CreateAsync(CancellationToken ct);

    /// <summary>Runs work on a context filtered by tenantId (null: a context that sees no tenant's rows).</summary>
    public async Task<T> RunAsync<T>(string? tenantId, Func<AgentDbContext, Task<T>> work, CancellationToken ct)
    {
        var tenant = tenantId is null ? null : TenantIds.Require(tenantId);
        try
        {
            await using var db = await CreateAsync(ct);
            db.CurrentTenantId = tenant;
            return await work(db);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new StoreUnavailableException(StoreNames.Relational, ex.GetBaseException().Message, ex);
        }
    }

    public Task RunAsync(string? tenantId, Func<AgentDbContext, Task> work, CancellationToken ct) =>
        RunAsync<bool>(tenantId, async db => { await work(db); return true; }, ct);

    /// <summary>Runs a find-or-insert once more when it lost an insert race on a unique key:
    /// the second run finds the row the other writer committed.</summary>
    public async Task<T> RunInsertAsync<T>(string tenantId, Func<AgentDbContext, Task<T>> findOrInsert, CancellationToken ct)
    {
        try
        {
            return await RunAsync(tenantId, findOrInsert, ct);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return await RunAsync(tenantId, findOrInsert, ct);
        }
    }

    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUniqueConstraint or SqlitePrimaryKeyConstraint,
        SqlException sql => sql.Number is SqlServerUniqueIndexViolation or SqlServerUniqueConstraintViolation,
        _ => false,
    };

    /// <summary>Failures of the database itself (cannot open, locked past the timeout, I/O, server unreachable,
    /// login refused) rather than of the statement.</summary>
    public static bool IsUnavailable(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is SqliteException sqlite && SqliteUnavailableCodes.Contains(sqlite.SqliteErrorCode))
                return true;
            if (current is SqlException sql && (sql.Class >= SqlServerFatalSeverity || SqlServerUnavailableNumbers.Contains(sql.Number)))
                return true;
        }
        return false;
    }

    private const int SqliteUniqueConstraint = 2067;
    private const int SqlitePrimaryKeyConstraint = 1555;
    private const int SqlServerUniqueIndexViolation = 2601;
    private const int SqlServerUniqueConstraintViolation = 2627;
    private const int SqlServerFatalSeverity = 20;

    // SQLITE_PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB.
    private static readonly HashSet<int> SqliteUnavailableCodes = [3, 5, 6, 8, 10, 11, 13, 14, 26];

    // Timeout, named pipes/TCP provider errors, cannot open database, login failed, Azure SQL "not available" codes.
    private static readonly HashSet<int> SqlServerUnavailableNumbers = [-2, 2, 53, 233, 4060, 10053, 10054, 10060, 10061, 11001, 18456, 40197, 40501, 40613];
}

/// <summary>Contexts from the pooled factory of one provider's context type.</summary>
internal sealed class RelationalContexts<TContext>(IDbContextFactory<TContext> pool) : RelationalContexts
    where TContext : AgentDbContext
{
    protected override async Task<AgentDbContext> CreateAsync(CancellationToken ct) => await pool.CreateDbContextAsync(ct);
}
