namespace AgentPlatform.Domain;

/// <summary>A write reached a session that has ended (or an end reached one that another end got to first).</summary>
public sealed class SessionEndedException(AgentSession session)
    : Exception($"Session {session.Id} ended at {session.EndedAt:O} ({session.Status}).")
{
    public AgentSession Session { get; } = session;
}
