namespace AgentPlatform.Client;

/// <summary>Adds the X-Api-Key header of the current key provider to every request.</summary>
internal sealed class ApiKeyHandler(IAgentPlatformApiKeyProvider keys) : DelegatingHandler
{
    public const string HeaderName = "X-Api-Key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A retry resends the same message: replace the header rather than add a second value.
        request.Headers.Remove(HeaderName);
        if (keys.GetApiKey() is { Length: > 0 } key) request.Headers.TryAddWithoutValidation(HeaderName, key);
        return base.SendAsync(request, cancellationToken);
    }
}
