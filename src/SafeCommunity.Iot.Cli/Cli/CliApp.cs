using System.CommandLine;
using System.CommandLine.Parsing;
using SafeCommunity.Iot.Cli.Commands;

namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>
/// The <c>safecomm</c> command tree and its entry point. A command line that does not parse is a usage error
/// (exit 2) with one line per problem; help goes to the output writer.
/// </summary>
internal static class CliApp
{
    /// <summary>Builds the command tree for <paramref name="context"/>.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var globals = new GlobalOptions();
        var runner = new Runner(context, globals);
        var root = new RootCommand(
            "safecomm: the SafeCommunity gateway's command line, for police rooms, owners, families and administrators.\n" +
            "Exit codes: 0 ok, 1 the gateway refused or failed, 2 usage error, 3 gateway unreachable, 4 token missing, refused or not allowed.");
        globals.AddTo(root);
        root.Subcommands.Add(AlarmsCommands.Build(runner));
        root.Subcommands.Add(BikeCommands.Build(runner));
        root.Subcommands.Add(LocateCommand.Build(runner));
        root.Subcommands.Add(DevicesCommands.Build(runner));
        root.Subcommands.Add(ReceiversCommands.Build(runner));
        root.Subcommands.Add(GeofencesCommands.Build(runner));
        root.Subcommands.Add(TokensCommands.Build(runner));
        root.Subcommands.Add(TokensCommands.WhoAmI(runner));
        root.Subcommands.Add(AuditCommands.Build(runner));
        root.Subcommands.Add(ReportCommands.Build(runner));
        root.Subcommands.Add(NotifyCommands.Build(runner));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var root = BuildRoot(context);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
            {
                context.Error.WriteLine("safecomm: " + error);
            }

            context.Error.WriteLine($"Run '{CommandPath(result.CommandResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await result.InvokeAsync(configuration, cancellationToken);
        }
        catch (IOException e)
        {
            context.Error.WriteLine("safecomm: " + e.Message);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Error.WriteLine($"safecomm: unexpected {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var c = command; c is not null; c = c.Parent as CommandResult)
        {
            names.Add(c.Command is RootCommand ? "safecomm" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
