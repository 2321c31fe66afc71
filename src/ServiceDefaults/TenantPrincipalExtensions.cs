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

public static class TenantPrincipalExtensions
{
    /// <summary>The authenticated caller's tenant; endpoints run only for authenticated callers.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.TenantClaim)
        ?? throw new InvalidOperationException("The request has no authenticated tenant.");
}
