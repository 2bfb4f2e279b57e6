using System.CommandLine;
using Grpc.Core;
using SafeCommunity.Iot.Cli.Connection;

namespace SafeCommunity.Iot.Cli.Cli;

/// <summary>
/// Runs a command's calls: resolves the gateway's addresses and the token, opens the connection, and turns every
/// failure into one line on the error writer and an exit code.
/// </summary>
internal sealed class Runner
{
    private readonly GlobalOptions _globals;

    public Runner(CliContext context, GlobalOptions globals)
    {
        Context = context;
        _globals = globals;
    }

    public CliContext Context { get; }

    /// <summary>
    /// Runs <paramref name="body"/> with an open connection. <paramref name="action"/> completes "this token may not
    /// ..." and "cannot ...": for example "acknowledge alarm 12".
    /// </summary>
    public async Task<int> CallAsync(ParseResult result, string action, Func<GatewayConnection, Task<int>> body, CancellationToken cancellationToken)
    {
        if (!GatewaySettings.TryResolve(_globals.Read(result), Context, out var settings, out var failure)
            || !GatewayConnection.TryOpen(settings, Notice, out var connection, out failure))
        {
            return Fail(failure);
        }

        using (connection)
        {
            try
            {
                return await body(connection);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is RpcException or OperationCanceledException)
            {
                Context.Error.WriteLine("safecomm: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (RpcException e)
            {
                return Fail(RpcErrors.Describe(e, action, connection.Address));
            }
        }
    }

    /// <summary>
    /// Options for a unary call: the cancellation token and a deadline (<see cref="CliContext.CallTimeout"/> plus
    /// <paramref name="extra"/>) on the wall clock, which is what gRPC compares deadlines with.
    /// </summary>
    public CallOptions Unary(CancellationToken cancellationToken, TimeSpan? extra = null) =>
        new(deadline: DateTime.UtcNow + Context.CallTimeout + (extra ?? TimeSpan.Zero), cancellationToken: cancellationToken);

    /// <summary>Prints <paramref name="failure"/> and returns its exit code.</summary>
    public int Fail(CliFailure failure)
    {
        Context.Error.WriteLine("safecomm: " + failure.Message);
        return failure.ExitCode;
    }

    /// <summary>Prints a usage problem found after parsing and returns <see cref="ExitCodes.Usage"/>.</summary>
    public int Usage(string message) => Fail(new CliFailure(ExitCodes.Usage, message));

    /// <summary>Prints a notice (not an error) on the error writer, so that it stays out of piped results.</summary>
    public void Notice(string message) => Context.Error.WriteLine("safecomm: " + message);
}
