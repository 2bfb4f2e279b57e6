using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
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

    /// <summary>The CORS policy that lets <see cref="BoardOptions.AllowedOrigins"/> call the JSON API.</summary>
    private const string PeerBoards = "board-peers";

    /// <summary>The API's JSON endpoints, the only paths the other instances' boards may call.</summary>
    private static readonly PathString ApiPath = "/api";

    /// <summary>Validates <see cref="BoardOptions"/> (section <c>Board</c>) at start.</summary>
    public static IHostApplicationBuilder AddAlarmBoard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BoardOptions>().Bind(builder.Configuration.GetSection(BoardOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BoardOptions>, BoardOptionsValidator>();
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<BoardOptions>>((cors, board) => cors.AddPolicy(PeerBoards, policy => policy
            .WithOrigins([.. board.Value.AllowedOrigins.Select(o => BoardOptionsValidator.AsOrigin(o)!)])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("authorization", "content-type")));
        return builder;
    }

    /// <summary>
    /// Serves the page's files (embedded in this assembly) and its settings (<c>/board/config.json</c>). The page
    /// itself calls the API's JSON endpoints (<c>/api/v1/...</c>) with the token its user signs in with, and, when
    /// this gateway stops answering, those of <see cref="BoardOptions.Peers"/>. With
    /// <see cref="BoardOptions.AllowedOrigins"/>, the JSON endpoints answer those origins' boards (CORS), even
    /// when this gateway's own board is off.
    /// </summary>
    public static WebApplication MapAlarmBoard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<BoardOptions>>().Value;
        if (options.AllowedOrigins.Count > 0)
        {
            // Bearer tokens in a header, no cookies: a peer's page gets nothing a page of its own origin would not.
            app.UseWhen(context => context.Request.Path.StartsWithSegments(ApiPath), api => api.UseCors(PeerBoards));
        }

        if (!options.Enabled)
        {
            return app;
        }

        var peers = options.Peers.Select(p => BoardOptionsValidator.AsOrigin(p)!).ToArray();
        var files = new EmbeddedFileProvider(typeof(BoardHostingExtensions).Assembly, "board");
        var policy = ContentSecurityPolicy(options.TileUrl, peers);
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
        app.MapGet(BoardPath + "/config.json", () => Results.Json(new BoardSettings(options.TileUrl ?? string.Empty, peers)));
        return app;
    }

    private static string ContentSecurityPolicy(string? tileUrl, IEnumerable<string> peers)
    {
        var tiles = string.IsNullOrEmpty(tileUrl) ? string.Empty : " " + new Uri(tileUrl.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority);
        var connect = string.Concat(peers.Select(p => " " + p));
        return "default-src 'self'; img-src 'self' data:" + tiles + "; style-src 'self'; script-src 'self'; connect-src 'self'" + connect + "; frame-ancestors 'none'";
    }

    /// <summary>What the page reads from <c>/board/config.json</c>: the tile template and the peers' origins, in order.</summary>
    private sealed record BoardSettings(string TileUrl, IReadOnlyList<string> Peers);
}
