using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using AgentPlatform.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Resolves the caller's tenant from the X-Api-Key header (or "Authorization: ApiKey ...").
/// Keys are compared as SHA-256 digests in constant time so timing does not leak key prefixes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AgentPlatformOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string TenantClaim = "tenant";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented.Length == 0)
            return Task.FromResult(AuthenticateResult.NoResult());

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var entry in keys.CurrentValue.ApiKeys)
        {
            if (entry.Key.Length == 0 || !TenantIds.IsValid(entry.TenantId)) continue;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(entry.Key));
            if (CryptographicOperations.FixedTimeEquals(hash, presentedHash))
            {
                var identity = new ClaimsIdentity([new Claim(TenantClaim, entry.TenantId)], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }
        return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
    }

    /// <summary>The key the request carries in X-Api-Key, else in "Authorization: ApiKey ..."; empty when none.</summary>
    public static string PresentedKey(HttpRequest request)
    {
        var presented = request.Headers[HeaderName].ToString();
        if (presented.Length == 0 && request.Headers.Authorization.ToString() is { } auth &&
            auth.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            presented = auth[(SchemeName.Length + 1)..].Trim();
        }
        return presented;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            failure?.Message ?? $"Send an API key in the {HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The API key may not use this endpoint.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}
