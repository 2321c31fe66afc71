using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Storage.Health;

/// <summary>Checks an HTTP store (Elasticsearch, Chroma heartbeat) answers 2xx. User info in the URL
/// ("http://user:password@host:port") becomes a Basic authorization header.</summary>
public sealed class HttpStoreHealthCheck(HttpClient client, string url, string path, string storeDescription) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = CreateRequest(url, path);
            using var response = await client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy(storeDescription)
                : new HealthCheckResult(context.Registration.FailureStatus, $"{storeDescription} answered {(int)response.StatusCode} on {path}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{storeDescription} is not reachable: {ex.Message}", ex);
        }
    }

    /// <summary>A GET of path under a base URL whose user info (if any) is sent as Basic credentials.</summary>
    private static HttpRequestMessage CreateRequest(string baseUrl, string path)
    {
        var uri = new Uri(baseUrl);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new UriBuilder(uri) { UserName = "", Password = "" }.Uri, path));
        if (uri.UserInfo.Length > 0)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        return request;
    }
}
