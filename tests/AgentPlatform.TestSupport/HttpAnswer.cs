namespace AgentPlatform.TestSupport;

/// <summary>One answer of a polled HTTP request; <see cref="Status"/> is null when nothing answered.</summary>
public sealed record HttpAnswer(System.Net.HttpStatusCode? Status, string Body)
{
    public bool IsSuccess => Status is { } status && (int)status is >= 200 and < 300;
}
