using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SafeCommunity.Iot.Board.Hosting;

/// <summary>Serves the police-room alarm board at <c>/board/</c>.</summary>
public static class BoardHostingExtensions
{
    /// <summary>Where the board is served.</summary>
    public const string BoardPath = "/board";

    /// <summary>Validates <see cref="BoardOptions"/> (section <c>Board</c>) at start.</summary>
    public static IHostApplicationBuilder AddAlarmBoard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BoardOptions>().Bind(builder.Configuration.GetSection(BoardOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BoardOptions>, BoardOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// Serves the page's files (embedded in this assembly) and its settings (<c>/board/config.json</c>). The page
    /// itself calls the API's JSON endpoints (<c>/api/v1/...</c>) with the token its user signs in with.
    /// </summary>
    public static WebApplication MapAlarmBoard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<BoardOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var files = new EmbeddedFileProvider(typeof(BoardHostingExtensions).Assembly, "board");
        var policy = ContentSecurityPolicy(options.TileUrl);
        // A middleware, not an endpoint: routing would match "/board/" too, and static files step aside for endpoints.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == BoardPath)
            {
                context.Response.Redirect(BoardPath + "/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = BoardPath });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = BoardPath,
            OnPrepareResponse = context =>
            {
                // Scripts and styles only from the gateway; a fresh page after every gateway update.
                context.Context.Response.Headers.ContentSecurityPolicy = policy;
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        app.MapGet(BoardPath + "/config.json", () => Results.Json(new BoardSettings(options.TileUrl ?? string.Empty)));
        return app;
    }

    private static string ContentSecurityPolicy(string? tileUrl)
    {
        var tiles = string.IsNullOrEmpty(tileUrl) ? string.Empty : " " + new Uri(tileUrl.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority);
        return "default-src 'self'; img-src 'self' data:" + tiles + "; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
    }

    /// <summary>What the page reads from <c>/board/config.json</c>.</summary>
    private sealed record BoardSettings(string TileUrl);
}
