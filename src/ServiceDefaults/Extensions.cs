using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading.RateLimiting;
using AgentPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every AgentPlatform service shares: telemetry, health, discovery, resilience, errors, auth, limits.</summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string ReadyTag = "ready";
    private const string LiveTag = "live";
    private const string TenantRateLimitPolicy = "per-tenant";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ProblemTypes.Complete(ctx.ProblemDetails);
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) throw so DomainExceptionHandler can say what was wrong.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        builder.Services.AddOptions<AgentPlatformOptions>().BindConfiguration(AgentPlatformOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<AgentPlatformOptions>>((o, platform) =>
        {
            o.Limits.MaxRequestBodySize = platform.Value.MaxRequestBodyBytes;
            ServerErrorProblems.Use(o);
        });

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(TenantRateLimitPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(
                    http.User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value ?? "anonymous",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.BucketSize,
                        TokensPerPeriod = limits.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var limits = ctx.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: 429, title: "Too many requests",
                    detail: $"This tenant is limited to {limits.PermitsPerSecond} requests per second (burst {limits.BucketSize}).").ExecuteAsync(ctx.HttpContext);
            };
        });

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Enums travel as names ("hybrid", "pending"), read case-insensitively; numbers and combinations are refused (400).
            o.SerializerOptions.Converters.Add(new StrictEnumConverterFactory());
            // A number sent as a string ("12") and a key sent twice ({"agentId":"A","agentId":"B"}) are refused rather than
            // guessed at; the web defaults would take the string and keep the last key.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(NoNullElements.Modify);
        });
        builder.Services.AddOpenApi(o => o.DescribeEnumsAsNames());
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(AgentPlatform.ServiceDefaults.Telemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, AgentPlatform.ServiceDefaults.Telemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx =>
                    !ctx.Request.Path.StartsWithSegments(HealthEndpointPath) && !ctx.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    /// <summary>Adds the middleware in order and maps /health, /alive and (in Development) OpenAPI + Scalar.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit(app.Services.GetRequiredService<IOptions<AgentPlatformOptions>>().Value.MaxRequestBodyBytes);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag) || r.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthJsonAsync,
        }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) })
            .AllowAnonymous();

        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }
        return app;
    }

    /// <summary>The group a service maps its tenant endpoints on: the per-tenant rate limit is applied here, once, so
    /// no endpoint can be added without it.</summary>
    public static RouteGroupBuilder MapTenantApi(this WebApplication app) => app.MapGroup("").RequireRateLimiting(TenantRateLimitPolicy);

    /// <summary>{"status":"Healthy","entries":{"relational":{"status":"Healthy","description":"..."}}}; anonymous callers
    /// outside Development get {"status":"Healthy"} only: descriptions hold paths and store error text.</summary>
    private static Task WriteHealthJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        if (!OperatorAccess.SeesDetails(context))
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, cancellationToken: context.RequestAborted);
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = report.TotalDuration.TotalMilliseconds,
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = e.Value.Duration.TotalMilliseconds,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
