using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Tests.Relational;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Plays the worker's part against a service's own store: completes every due outbox message.</summary>
public static class OutboxDrain
{
    public static async Task CompleteAllAsync(IServiceProvider services)
    {
        var outbox = services.GetRequiredService<IKnowledgeOutbox>();
        var ct = TestContext.Current.CancellationToken;
        while (await outbox.ClaimMessagesAsync(500, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow, ct) is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                if (message.Operation == OutboxOperation.Delete) await outbox.CompleteDeleteAsync(message, ct);
                else await outbox.CompleteUpsertAsync([message], DateTimeOffset.UtcNow, ct);
            }
        }
    }
}
