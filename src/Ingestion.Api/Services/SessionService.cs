using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Ports;
using AgentPlatform.Validation;

namespace AgentPlatform.IngestionApi.Services;

/// <summary>Sessions and their interactions: the request rules, and the business rules of a write (ids, timestamps,
/// intent normalisation, the session's agent carried onto each interaction).</summary>
public sealed class SessionService(IAgentMemoryStore store, TimeProvider clock)
{
    public const int MaxTextLength = 256 * 1024;
    public const int MaxInteractionBatch = 500;
    public const int MaxProcessingTimeMs = 86_400_000;

    public RequestErrors Validate(CreateSessionRequest request)
    {
        var errors = new RequestErrors();
        errors.Id("agentId", request.AgentId, required: true);
        errors.Id("userId", request.UserId, required: false);
        MetadataRules.Validate(errors, "metadata", request.Metadata);
        errors.Past("startedAt", request.StartedAt, clock.GetUtcNow());
        return errors;
    }

    public Task<AgentSession> CreateAsync(string tenantId, CreateSessionRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return store.CreateSessionAsync(new AgentSession
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            AgentId = request.AgentId!,
            UserId = request.UserId,
            StartedAt = request.StartedAt ?? now,
            MetadataJson = MetadataRules.Text(request.Metadata),
        }, ct);
    }

    /// <summary>Each interaction's fields; <paramref name="field"/> ("interactions") keys the errors of a batch item
    /// ("interactions[2].input"), empty for a single interaction ("input").</summary>
    public static RequestErrors Validate(IReadOnlyList<InteractionRequest> requests, string field)
    {
        var errors = new RequestErrors();
        for (var i = 0; i < requests.Count; i++)
        {
            var p = field.Length == 0 ? "" : $"{field}[{i}].";
            var r = requests[i];
            errors.Defined(p + "type", r.Type);
            errors.Text(p + "input", r.Input, MaxTextLength, required: true);
            errors.Text(p + "output", r.Output, MaxTextLength, required: false);
            errors.Id(p + "intent", r.Intent, required: false);
            errors.Range(p + "processingTimeMs", r.ProcessingTimeMs, 0, MaxProcessingTimeMs);
            MetadataRules.Validate(errors, p + "metadata", r.Metadata);
            // An error message belongs to an unsuccessful interaction only.
            if (r.ErrorMessage is not null && r.Success is not false) errors.Add(p + "errorMessage", $"{p}errorMessage is only accepted when success is false.");
            else errors.Text(p + "errorMessage", r.ErrorMessage, InteractionRequest.MaxErrorMessageLength, required: false);
        }
        return errors;
    }

    /// <summary>Stores validated interactions in one write; null when the session does not exist for the tenant. The
    /// store refuses the write (<see cref="SessionEndedException"/>, 409) when the session has ended by the time it
    /// holds it.</summary>
    public async Task<IReadOnlyList<AgentInteraction>?> AddInteractionsAsync(string tenantId, Guid sessionId, IReadOnlyList<InteractionRequest> requests, CancellationToken ct)
    {
        if (await store.GetSessionAsync(tenantId, sessionId, ct) is not { } session) return null;
        var now = clock.GetUtcNow();
        var interactions = requests.Select(r => new AgentInteraction
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            SessionId = sessionId,
            AgentId = session.AgentId,
            Type = r.Type!.Value,
            Input = r.Input!,
            Output = r.Output,
            // Intents are grouped in analytics: one spelling per intent.
            Intent = r.Intent?.Trim().ToLowerInvariant(),
            ProcessingTimeMs = r.ProcessingTimeMs,
            // Callers replaying history may date interactions, never in the future.
            CreatedAt = r.CreatedAt is { } at && at <= now ? at : now,
            MetadataJson = MetadataRules.Text(r.Metadata),
            Success = r.Success ?? true,
            ErrorMessage = r.ErrorMessage,
        }).ToList();
        await store.AddInteractionsAsync(interactions, ct);
        return interactions;
    }
}
