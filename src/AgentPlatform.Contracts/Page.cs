namespace AgentPlatform.Contracts;

/// <summary>One page of a list, newest first unless stated otherwise; Total counts the whole list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit)
{
    public bool HasMore => Offset + Items.Count < Total;
}
