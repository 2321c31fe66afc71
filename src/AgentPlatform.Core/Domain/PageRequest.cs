namespace AgentPlatform.Domain;

/// <summary>Offset paging; every list is ordered newest first unless stated otherwise.</summary>
public sealed record PageRequest(int Offset = 0, int Limit = PageRequest.DefaultLimit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public PageRequest Validated()
    {
        if (Offset < 0) throw new ArgumentOutOfRangeException(nameof(Offset), Offset, "Offset must be >= 0.");
        if (Limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"Limit must be between 1 and {MaxLimit}.");
        return this;
    }
}
