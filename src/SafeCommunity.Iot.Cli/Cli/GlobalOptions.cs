using System.CommandLine;
using SafeCommunity.Iot.Cli.Connection;

namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>The options every command takes (before or after the command's name).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Gateway { get; } = new("--gateway")
    {
        Description = $"The gateway's gRPC address, or its instances' separated by commas (tried in turn) [env: {GatewaySettings.GatewayVariable}; default {GatewaySettings.DefaultGateway}]",
        HelpName = "URL[,URL...]",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The bearer token [env: {GatewaySettings.TokenVariable}]; prefer --token-file, a command line is visible to others",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"A file holding the token [env: {GatewaySettings.TokenFileVariable}]",
        HelpName = "PATH",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = $"PEM CA or self-signed certificate to trust for an https gateway [env: {GatewaySettings.CaFileVariable}]",
        HelpName = "PATH",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Gateway);
        root.Options.Add(Token);
        root.Options.Add(TokenFile);
        root.Options.Add(CaFile);
    }

    public GlobalValues Read(ParseResult result) =>
        new(result.GetValue(Gateway), result.GetValue(Token), result.GetValue(TokenFile), result.GetValue(CaFile));
}
