using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Moves tenants to the configured embedding model, one step per tenant and pass, each step one durable
/// write of the tenant's <see cref="VectorModelState"/>, so a crash anywhere is resumed by the next pass:
/// (1) a target is set (<see cref="TenantVectorModels.EnsureAsync"/>); (2) every entry is queued to the outbox as
/// <see cref="OutboxOperation.ReindexVectors"/> and every message for indexing, then the state says queued (queuing
/// again after a crash adds nothing: the outbox keeps one such row per entry version); (3) once the tenant has no
/// entry or message pending, the target becomes the active model (the switch: the state's one write); (4) after
/// <see cref="IndexingOptions.RetiredModelGrace"/> the old model's collections are deleted.</summary>
public sealed class VectorModelMigrator(
    IVectorCollections collections,
    TenantVectorModels models,
    IKnowledgeReindexQueue knowledgeQueue,
    IKnowledgeIndexingStatus knowledge,
    IMessageReindexQueue messageQueue,
    IMessageIndexingStatus conversations,
    IOptions<IndexingOptions> options,
    TimeProvider clock,
    ILogger<VectorModelMigrator> logger)
{
    /// <summary>One pass over every tenant with vectors; returns how many tenants took a step.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var stepped = 0;
        foreach (var tenant in await collections.TenantsAsync(ct))
        {
            if (await StepAsync(tenant, ct))
                stepped++;
        }
        return stepped;
    }

    private async Task<bool> StepAsync(string tenantId, CancellationToken ct)
    {
        var state = await models.EnsureAsync(tenantId, ct);
        var now = clock.GetUtcNow();
        if (state.Target is { } target && !state.Queued)
        {
            await knowledgeQueue.EnqueueReindexAsync(tenantId, OutboxOperation.ReindexVectors, ct);
            await messageQueue.EnqueueReindexAsync(tenantId, ct);
            var entries = await knowledge.CountByStatusAsync(tenantId, ct);
            var messages = await conversations.CountIndexingAsync(tenantId, ct);
            await collections.SaveStateAsync(tenantId, state with
            {
                Queued = true,
                EntriesTotal = entries.Where(c => c.Key != KnowledgeStatus.Deleting).Sum(c => c.Value),
                MessagesTotal = messages.Pending + messages.Indexed + messages.Failed,
            }, ct);
            logger.LogInformation("Tenant {Tenant}: re-embedding its vectors from {Active} into {Target}", tenantId, state.Active, target);
            return true;
        }
        if (state.Target is { } complete && state.Queued && await IsIndexedAsync(tenantId, ct))
        {
            await collections.SaveStateAsync(tenantId, state with
            {
                Active = complete, Target = null, Queued = false, StartedAt = null, EntriesTotal = 0, MessagesTotal = 0,
                Retired = state.Active, RetiredAt = now,
            }, ct);
            logger.LogInformation("Tenant {Tenant}: searches switched from {Previous} to {Active} after {Seconds:F1} s",
                tenantId, state.Active, complete, (now - (state.StartedAt ?? now)).TotalSeconds);
            return true;
        }
        if (state.Retired is { } retired && now - (state.RetiredAt ?? now) >= options.Value.RetiredModelGrace)
        {
            await collections.DropAsync(tenantId, retired, ct);
            await collections.SaveStateAsync(tenantId, state with { Retired = null, RetiredAt = null }, ct);
            logger.LogInformation("Tenant {Tenant}: the collections of {Retired} were deleted", tenantId, retired);
            return true;
        }
        return false;
    }

    private async Task<bool> IsIndexedAsync(string tenantId, CancellationToken ct)
    {
        var entries = await knowledge.CountByStatusAsync(tenantId, ct);
        return entries.GetValueOrDefault(KnowledgeStatus.Pending) == 0 && (await conversations.CountIndexingAsync(tenantId, ct)).Pending == 0;
    }
}
