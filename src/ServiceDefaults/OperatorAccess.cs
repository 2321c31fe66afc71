using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Who may see process details: Development, or a request carrying the operator key in
/// <see cref="HeaderName"/> (compared in constant time).</summary>
public static class OperatorAccess
{
    public const string HeaderName = "X-Operator-Key";

    public static bool SeesDetails(HttpContext context)
    {
        if (context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
            return true;
        var key = context.RequestServices.GetRequiredService<IOptions<AgentPlatformOptions>>().Value.OperatorApiKey;
        return !string.IsNullOrEmpty(key) && context.Request.Headers[HeaderName].ToString() is { Length: > 0 } presented
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
