using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Validation;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Storage.Relational;

/// <summary>The relational system of record: sessions, interactions, knowledge entries and their outbox.
/// Every entity has a global query filter on <see cref="CurrentTenantId"/>, so a context opened for one tenant
/// never reads another tenant's rows; a context with no tenant sees nothing unless a query explicitly ignores
/// the filter (only the outbox worker's cross-tenant queries do). One subclass per provider holds its migrations.</summary>
public abstract class AgentDbContext(DbContextOptions options) : DbContext(options)
{
    public const int ContentHashLength = 64;
    public const int ShortTextMaxLength = 256;

    /// <summary>The tenant every query of this context is filtered by; set once when the context is handed out.</summary>
    public string? CurrentTenantId { get; internal set; }

    /// <summary>Disposing a pooled context returns it to the pool: it goes back without a tenant, so whoever rents
    /// it next sees no rows until it names one.</summary>
    public override void Dispose()
    {
        CurrentTenantId = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        CurrentTenantId = null;
        return base.DisposeAsync();
    }

    public DbSet<AgentSessionRow> Sessions => Set<AgentSessionRow>();
    public DbSet<AgentInteractionRow> Interactions => Set<AgentInteractionRow>();
    public DbSet<KnowledgeEntryRow> KnowledgeEntries => Set<KnowledgeEntryRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();

    /// <summary>A collation comparing strings by code point, case and accent sensitive: what SQLite does by default and
    /// SQL Server's default collation does not. Analytics groups and filters identifiers with it, so both providers
    /// count "Billing" and "billing" apart.</summary>
    internal abstract string OrdinalCollation { get; }

    /// <summary>Per-provider preparation before migrations run (SQLite switches the file to WAL).</summary>
    internal virtual Task PrepareDatabaseAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Claims up to max due outbox rows of every tenant by pushing their NextAttemptAt to leaseUntil,
    /// atomically: two workers never receive the same row. This default holds the provider's write lock for the
    /// select and the update (SQLite's BEGIN IMMEDIATE serializes writers); SQL Server overrides it with one statement.</summary>
    /// <summary>Leases up to max due messages of one tenant, oldest first.</summary>
    internal virtual async Task<List<OutboxRow>> ClaimOutboxAsync(string tenantId, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var transaction = await Database.BeginTransactionAsync(ct);
        var claimed = await RelationalQueries.DueOutbox(this, now).Where(m => m.TenantId == tenantId).Take(max).ToListAsync(ct);
        foreach (var row in claimed)
            row.NextAttemptAt = leaseUntil;
        await SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Queues a message of <paramref name="operation"/> at its current version for every entry of the context's
    /// tenant that is not being deleted and has neither that operation nor an Upsert of that version queued yet: one
    /// INSERT ... SELECT, however many entries the tenant has. Raw SQL skips the query filter, so the tenant is an
    /// explicit predicate. Returns the number queued.</summary>
    internal Task<int> EnqueueReprojectionOfLiveEntriesAsync(OutboxOperation operation, DateTimeOffset now, CancellationToken ct)
    {
        var tenant = CurrentTenantId ?? throw new InvalidOperationException("Queueing a reindex needs a tenant.");
        // The timestamp goes in as the column stores it (UTC ticks on SQLite, datetimeoffset on SQL Server).
        var timestamp = Model.FindEntityType(typeof(OutboxRow))!.FindProperty(nameof(OutboxRow.NextAttemptAt))!
            .GetTypeMapping().Converter?.ConvertToProvider(now) ?? now;
        var queued = operation.ToString();
        const string upsert = nameof(OutboxOperation.Upsert);
        const string deleting = nameof(KnowledgeStatus.Deleting);
        return Database.ExecuteSqlAsync($"""
            INSERT INTO "Outbox" ("TenantId", "EntryId", "Operation", "EntryVersion", "Attempts", "NextAttemptAt", "CreatedAt")
            SELECT e."TenantId", e."Id", {queued}, e."Version", 0, {timestamp}, {timestamp}
            FROM "KnowledgeEntries" AS e
            WHERE e."TenantId" = {tenant} AND e."Status" <> {deleting}
              AND NOT EXISTS (
                  SELECT 1 FROM "Outbox" AS o
                  WHERE o."TenantId" = e."TenantId" AND o."EntryId" = e."Id" AND o."EntryVersion" = e."Version"
                    AND (o."Operation" = {queued} OR o."Operation" = {upsert}))
            """, ct);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AgentSessionRow>(session =>
        {
            session.ToTable("AgentSessions");
            session.HasKey(s => s.Id);
            // Interactions reference (TenantId, Id), so an interaction can only join a session of its own tenant.
            session.HasAlternateKey(s => new { s.TenantId, s.Id });
            session.Property(s => s.TenantId).HasMaxLength(TenantIds.MaxLength);
            session.Property(s => s.AgentId).HasMaxLength(TextRules.MaxIdLength);
            session.Property(s => s.UserId).HasMaxLength(TextRules.MaxIdLength);
            session.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            session.HasIndex(s => new { s.TenantId, s.AgentId, s.StartedAt });
            session.HasIndex(s => new { s.TenantId, s.StartedAt });
            session.HasQueryFilter(s => s.TenantId == CurrentTenantId);
        });

        modelBuilder.Entity<AgentInteractionRow>(interaction =>
        {
            interaction.ToTable("AgentInteractions");
            interaction.HasKey(i => i.Id);
            interaction.Property(i => i.TenantId).HasMaxLength(TenantIds.MaxLength);
            interaction.Property(i => i.AgentId).HasMaxLength(TextRules.MaxIdLength);
            interaction.Property(i => i.Type).HasConversion<string>().HasMaxLength(16);
            interaction.Property(i => i.Intent).HasMaxLength(ShortTextMaxLength);
            interaction.Property(i => i.ErrorMessage).HasMaxLength(InteractionRequest.MaxErrorMessageLength);
            interaction.HasOne<AgentSessionRow>().WithMany()
                .HasForeignKey(i => new { i.TenantId, i.SessionId })
                .HasPrincipalKey(s => new { s.TenantId, s.Id })
                .OnDelete(DeleteBehavior.Cascade);
            // Analytics reads type, processing time, intent, outcome and session of a tenant's (or agent's) window: with
            // them in the key the index covers those queries, so they never touch the rows (wide Input/Output text).
            interaction.HasIndex(i => new { i.TenantId, i.AgentId, i.CreatedAt, i.Type, i.ProcessingTimeMs, i.Intent, i.Success, i.SessionId });
            interaction.HasIndex(i => new { i.TenantId, i.SessionId, i.CreatedAt });
            interaction.HasQueryFilter(i => i.TenantId == CurrentTenantId);
        });

        modelBuilder.Entity<KnowledgeEntryRow>(entry =>
        {
            entry.ToTable("KnowledgeEntries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.TenantId).HasMaxLength(TenantIds.MaxLength);
            entry.Property(e => e.Category).HasMaxLength(ShortTextMaxLength);
            entry.Property(e => e.AgentId).HasMaxLength(TextRules.MaxIdLength);
            entry.Property(e => e.ContentHash).HasMaxLength(ContentHashLength);
            entry.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
            // Two writers changing the same entry: the second one's UPDATE matches no row and fails.
            entry.Property(e => e.Version).IsConcurrencyToken();
            // One live entry per text: an entry being deleted no longer holds its text, so the same text can be
            // stored again at once (quoted identifiers read the same on SQLite and SQL Server).
            entry.HasIndex(e => new { e.TenantId, e.ContentHash }).IsUnique()
                .HasFilter($"\"Status\" <> '{nameof(KnowledgeStatus.Deleting)}'");
            // IndexedAt: the ingestion status counts the entries indexed in the last minute.
            entry.HasIndex(e => new { e.TenantId, e.Status, e.IndexedAt });
            entry.HasIndex(e => new { e.TenantId, e.CreatedAt });
            entry.HasIndex(e => new { e.TenantId, e.AgentId, e.CreatedAt });
            entry.HasQueryFilter(e => e.TenantId == CurrentTenantId);
        });

        modelBuilder.Entity<OutboxRow>(outbox =>
        {
            outbox.ToTable("Outbox");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).ValueGeneratedOnAdd();
            outbox.Property(m => m.TenantId).HasMaxLength(TenantIds.MaxLength);
            outbox.Property(m => m.Operation).HasConversion<string>().HasMaxLength(16);
            outbox.Property(m => m.TraceParent).HasMaxLength(OutboxRow.TraceParentMaxLength);
            // Removing an entry drops whatever messages it still had: they describe a row that is gone.
            outbox.HasOne<KnowledgeEntryRow>().WithMany().HasForeignKey(m => m.EntryId).OnDelete(DeleteBehavior.Cascade);
            outbox.HasIndex(m => m.NextAttemptAt);
            outbox.HasQueryFilter(m => m.TenantId == CurrentTenantId);
        });
    }
}
